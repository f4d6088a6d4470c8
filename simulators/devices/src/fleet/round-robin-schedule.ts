/**
 * Spreads `count` devices evenly over a period: device i sends at (k·count + i)·period/count, so a fleet
 * of 2,000 controllers at 1 Hz offers a steady 2,000 msg/s instead of one burst per second. After an
 * event-loop stall it catches up at most one round, so no device ever sends twice in one tick.
 */
export class RoundRobinSchedule {
  private emitted = 0;
  private cursor = 0;
  /** Sends skipped because the process fell more than one round behind. */
  slipped = 0;

  constructor(
    private readonly count: number,
    private readonly periodMs: number,
  ) {}

  advance(elapsedMs: number, visit: (index: number) => void): void {
    if (this.count === 0 || !(this.periodMs > 0)) return;
    const target = Math.floor((elapsedMs * this.count) / this.periodMs);
    let due = target - this.emitted;
    if (due > this.count) {
      this.slipped += due - this.count;
      this.emitted = target - this.count;
      due = this.count;
    }
    for (let n = 0; n < due; n += 1) {
      const index = this.cursor;
      this.cursor = index + 1 === this.count ? 0 : index + 1;
      this.emitted += 1;
      visit(index);
    }
  }
}
