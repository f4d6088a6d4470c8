/**
 * Failed sign-ins per user name and per remote address in a sliding window: past the limit, further attempts are
 * refused (429) until the oldest failure leaves the window, without checking the password. Per name, so one
 * account's password cannot be guessed quickly from many addresses; per address, so one client cannot spray many
 * names. Memory is bounded: at most `maxKeys` keys, the oldest dropped first.
 */
export interface LoginThrottleLimits {
  windowMs: number;
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = { windowMs: 5 * 60_000, maxFailuresPerUser: 5, maxFailuresPerAddress: 20, maxKeys: 10_000 };

export class LoginThrottle {
  /** key → failure times, oldest first. */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Milliseconds to wait before trying again; 0 when an attempt is allowed now. */
  retryAfterMs(username: string, address: string, nowMs: number): number {
    return Math.max(this.waitFor(`u:${username}`, this.limits.maxFailuresPerUser, nowMs), this.waitFor(`a:${address}`, this.limits.maxFailuresPerAddress, nowMs));
  }

  recordFailure(username: string, address: string, nowMs: number): void {
    this.push(`u:${username}`, nowMs);
    this.push(`a:${address}`, nowMs);
  }

  /** A success forgets the name's failures (not the address's: a sprayer may know one password). */
  recordSuccess(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private recent(key: string, nowMs: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    while (times.length > 0 && (times[0] as number) <= nowMs - this.limits.windowMs) times.shift();
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  private waitFor(key: string, limit: number, nowMs: number): number {
    const times = this.recent(key, nowMs);
    if (times.length < limit) return 0;
    return (times[times.length - limit] as number) + this.limits.windowMs - nowMs;
  }

  private push(key: string, nowMs: number): void {
    const times = this.recent(key, nowMs);
    if (times.length === 0) {
      if (this.failures.size >= this.limits.maxKeys) this.evict(nowMs);
      this.failures.set(key, [nowMs]);
      return;
    }
    times.push(nowMs);
    // More than the largest limit tells nothing new.
    if (times.length > Math.max(this.limits.maxFailuresPerUser, this.limits.maxFailuresPerAddress)) times.shift();
  }

  private evict(nowMs: number): void {
    for (const key of [...this.failures.keys()]) this.recent(key, nowMs);
    while (this.failures.size >= this.limits.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }
}
