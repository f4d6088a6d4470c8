/**
 * Reconnect delay: exponential with "equal jitter" (half fixed, half random), so thousands of devices
 * that dropped together do not come back in lock-step and storm the broker again.
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
