/**
 * Lets through at most `limit` log lines per key in each window and reports how many it held back, so a
 * flood of bad device messages cannot turn logging into the bottleneck.
 */
export class LogThrottle {
  private readonly windows = new Map<string, { startedAt: number; logged: number; suppressed: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Whether to log now; `suppressedBefore` counts lines held back in the window that just ended. */
  admit(key: string, nowMs: number): { log: boolean; suppressedBefore: number } {
    let window = this.windows.get(key);
    let suppressedBefore = 0;
    if (!window || nowMs - window.startedAt >= this.windowMs) {
      suppressedBefore = window?.suppressed ?? 0;
      window = { startedAt: nowMs, logged: 0, suppressed: 0 };
      this.windows.set(key, window);
    }
    if (window.logged < this.limit) {
      window.logged += 1;
      return { log: true, suppressedBefore };
    }
    window.suppressed += 1;
    return { log: false, suppressedBefore };
  }
}
