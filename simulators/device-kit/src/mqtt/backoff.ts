/**
 * Reconnect delay: exponential with "equal jitter" (half fixed, half random), so thousands of devices
 * that dropped together do not come back in lock-step and storm the broker again. The one formula every
 * emulated device reconnects with.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000 };

/** Delay before retry number `attempt` (0 = first retry); `random` is uniform [0, 1). */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Paces the retries of one connection: each failure in a row waits longer (backoffDelayMs), a success starts
 * over. At most one retry is pending at a time, so a burst of close events cannot multiply the attempts.
 */
export class RetrySchedule {
  private failuresInARow = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Runs `attempt` after the delay the failures so far call for; returns that delay, or undefined if a retry was already pending. */
  retry(attempt: () => void): number | undefined {
    if (this.timer) return undefined;
    const delayMs = backoffDelayMs(this.failuresInARow, this.options, this.random);
    this.failuresInARow += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      attempt();
    }, delayMs);
    return delayMs;
  }

  succeeded(): void {
    this.failuresInARow = 0;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
