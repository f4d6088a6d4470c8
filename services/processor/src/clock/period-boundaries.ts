/**
 * Boundaries of a fixed period (e.g. every whole minute, aligned to the epoch) that a clock has passed. It reads no
 * clock itself: the caller hands it the time, so the wall clock, a ManualClock and replay's virtual clock drive it
 * alike and the same boundaries come out.
 */
export class PeriodBoundaries {
  private last: number;

  /** `startMs`: boundaries at or before it are not due (a service started at 12:00:30 first fires at 12:01:00). */
  constructor(
    readonly periodMs: number,
    startMs: number,
    /** At most this many boundaries per call; older ones are skipped (after a suspended process, not hours of empty steps). */
    private readonly maxCatchUp = 60,
  ) {
    if (!(periodMs > 0)) throw new Error(`period must be positive, got ${periodMs}`);
    this.last = this.floor(startMs);
  }

  /** Boundaries in (last, nowMs], ascending. A clock set back restarts from its new time without firing. */
  crossed(nowMs: number): number[] {
    const current = this.floor(nowMs);
    if (current < this.last) {
      this.last = current;
      return [];
    }
    const out: number[] = [];
    const first = Math.max(this.last + this.periodMs, current - (this.maxCatchUp - 1) * this.periodMs);
    for (let b = first; b <= current; b += this.periodMs) out.push(b);
    this.last = current;
    return out;
  }

  /** The next boundary that can fall due (replay's virtual clock stops on it). */
  next(): number {
    return this.last + this.periodMs;
  }

  private floor(ms: number): number {
    return Math.floor(ms / this.periodMs) * this.periodMs;
  }
}
