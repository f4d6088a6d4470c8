/** Time source. Algorithms and pipelines take a Clock instead of reading Date.now(), so replay can run on virtual time. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };

/** A clock the caller moves by hand: tests and replay. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}
