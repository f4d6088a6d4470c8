/**
 * Turns estimation steps (one a minute) into the prediction models' rows (one per `stepMs`, 5 minutes by default):
 * per detector the mean of the finite values of the steps ending in (B − stepMs, B], closed at the step that ends on
 * the boundary B, or at the first step past it when that one never came. Boundaries are whole multiples of epoch time,
 * so live and replay cut the same rows.
 */
export interface ClosedRow {
  /** End of the row's interval: a whole multiple of stepMs. */
  endMs: number;
  /** Mean per detector, NaN where no step had a value. */
  values: Float32Array;
}

export class RowAggregator {
  private readonly sum: Float64Array;
  private readonly count: Uint16Array;
  private openEndMs: number | undefined;

  constructor(
    private readonly detectors: number,
    private readonly stepMs: number,
  ) {
    this.sum = new Float64Array(detectors);
    this.count = new Uint16Array(detectors);
  }

  /** One step's values (NaN where missing), ending at tsMs; returns the rows this closes, oldest first. */
  add(tsMs: number, values: Float32Array): ClosedRow[] {
    const closed: ClosedRow[] = [];
    const endMs = Math.ceil(tsMs / this.stepMs) * this.stepMs;
    if (this.openEndMs !== undefined && endMs < this.openEndMs) return closed; // older than the open row: too late
    if (this.openEndMs !== undefined && endMs > this.openEndMs) closed.push(this.close());
    this.openEndMs = endMs;
    for (let d = 0; d < this.detectors; d++) {
      const v = values[d] as number;
      if (Number.isNaN(v)) continue;
      this.sum[d] = (this.sum[d] as number) + v;
      this.count[d] = (this.count[d] as number) + 1;
    }
    if (tsMs === endMs) closed.push(this.close());
    return closed;
  }

  private close(): ClosedRow {
    const values = new Float32Array(this.detectors);
    for (let d = 0; d < this.detectors; d++) {
      const c = this.count[d] as number;
      values[d] = c > 0 ? (this.sum[d] as number) / c : NaN;
    }
    const row = { endMs: this.openEndMs as number, values };
    this.sum.fill(0);
    this.count.fill(0);
    this.openEndMs = undefined;
    return row;
  }
}
