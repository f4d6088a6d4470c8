/** Local time of day and day type of an epoch time, for a fixed UTC offset. Pure: time always comes in as an argument. */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export class DayClock {
  private readonly offsetMs: number;

  constructor(readonly utcOffsetHours: number) {
    this.offsetMs = utcOffsetHours * HOUR_MS;
  }

  /** Milliseconds since local midnight, in [0, 86 400 000). */
  msOfDay(epochMs: number): number {
    const local = (epochMs + this.offsetMs) % DAY_MS;
    return local < 0 ? local + DAY_MS : local;
  }

  /** Local hour in [0, 24). */
  hourOfDay(epochMs: number): number {
    return Math.floor(this.msOfDay(epochMs) / HOUR_MS);
  }

  /** Saturday or Sunday, local time. */
  isWeekend(epochMs: number): boolean {
    // Day 0 of the epoch (1 January 1970) was a Thursday.
    const day = Math.floor((epochMs + this.offsetMs) / DAY_MS);
    const weekday = (((day + 4) % 7) + 7) % 7;
    return weekday === 0 || weekday === 6;
  }

  /** Fraction of the local day elapsed, in [0, 1). */
  dayFraction(epochMs: number): number {
    return this.msOfDay(epochMs) / DAY_MS;
  }
}
