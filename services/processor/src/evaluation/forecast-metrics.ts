/**
 * Error metrics of one model, per horizon, per local hour of the target time and per detector: MAE, RMSE, MAPE over
 * non-zero truth (in %), and the share of truths inside the 80 % interval. Only cells with a true value count.
 */
export interface HorizonScore {
  mae: number | null;
  rmse: number | null;
  /** Percent, over non-zero truth only; null when every truth was zero. */
  mape: number | null;
  /** Share of truths inside the interval, in [0, 1]. */
  coverage: number | null;
  count: number;
}

export interface ModelScore {
  /** Means over the requested horizons. */
  mae: number | null;
  rmse: number | null;
  mape: number | null;
  byHorizon: Record<string, HorizonScore>;
  /** MAE per horizon (outer, same order as the horizons) and local hour of the target time (inner, 24). */
  maeByHour: (number | null)[][];
  /** MAE per horizon (outer, same order as the horizons) and detector (inner, the grid's order). */
  maeByDetector: (number | null)[][];
}

const HOURS = 24;

export class ForecastMetrics {
  private readonly abs: Float64Array;
  private readonly sq: Float64Array;
  private readonly ape: Float64Array;
  private readonly apeCount: Float64Array;
  private readonly covered: Float64Array;
  private readonly count: Float64Array;
  private readonly hourAbs: Float64Array;
  private readonly hourCount: Float64Array;
  private readonly detectorAbs: Float64Array;
  private readonly detectorCount: Float64Array;

  constructor(
    private readonly horizons: readonly number[],
    private readonly detectors: number,
  ) {
    const h = horizons.length;
    this.abs = new Float64Array(h);
    this.sq = new Float64Array(h);
    this.ape = new Float64Array(h);
    this.apeCount = new Float64Array(h);
    this.covered = new Float64Array(h);
    this.count = new Float64Array(h);
    this.hourAbs = new Float64Array(h * HOURS);
    this.hourCount = new Float64Array(h * HOURS);
    this.detectorAbs = new Float64Array(h * detectors);
    this.detectorCount = new Float64Array(h * detectors);
  }

  /** One row of truths against one row of forecasts for horizon index k. */
  addRow(k: number, hour: number, truth: ArrayLike<number>, point: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
    let abs = 0;
    let sq = 0;
    let ape = 0;
    let apeCount = 0;
    let covered = 0;
    let count = 0;
    for (let d = 0; d < truth.length; d++) {
      const y = truth[d] as number;
      if (Number.isNaN(y)) continue;
      const e = (point[d] as number) - y;
      const a = Math.abs(e);
      abs += a;
      this.detectorAbs[k * this.detectors + d] = (this.detectorAbs[k * this.detectors + d] as number) + a;
      this.detectorCount[k * this.detectors + d] = (this.detectorCount[k * this.detectors + d] as number) + 1;
      sq += e * e;
      if (y !== 0) {
        ape += a / Math.abs(y);
        apeCount++;
      }
      if (y >= (lower[d] as number) && y <= (upper[d] as number)) covered++;
      count++;
    }
    this.abs[k] = (this.abs[k] as number) + abs;
    this.sq[k] = (this.sq[k] as number) + sq;
    this.ape[k] = (this.ape[k] as number) + ape;
    this.apeCount[k] = (this.apeCount[k] as number) + apeCount;
    this.covered[k] = (this.covered[k] as number) + covered;
    this.count[k] = (this.count[k] as number) + count;
    const i = k * HOURS + hour;
    this.hourAbs[i] = (this.hourAbs[i] as number) + abs;
    this.hourCount[i] = (this.hourCount[i] as number) + count;
  }

  score(): ModelScore {
    const byHorizon: Record<string, HorizonScore> = {};
    const maes: number[] = [];
    const rmses: number[] = [];
    const mapes: number[] = [];
    this.horizons.forEach((lead, k) => {
      const c = this.count[k] as number;
      const ac = this.apeCount[k] as number;
      const s: HorizonScore = {
        mae: c > 0 ? (this.abs[k] as number) / c : null,
        rmse: c > 0 ? Math.sqrt((this.sq[k] as number) / c) : null,
        mape: ac > 0 ? (100 * (this.ape[k] as number)) / ac : null,
        coverage: c > 0 ? (this.covered[k] as number) / c : null,
        count: c,
      };
      byHorizon[String(lead)] = s;
      if (s.mae !== null) maes.push(s.mae);
      if (s.rmse !== null) rmses.push(s.rmse);
      if (s.mape !== null) mapes.push(s.mape);
    });
    const maeByHour = this.horizons.map((_, k) =>
      Array.from({ length: HOURS }, (_, hour) => {
        const c = this.hourCount[k * HOURS + hour] as number;
        return c > 0 ? (this.hourAbs[k * HOURS + hour] as number) / c : null;
      }),
    );
    const maeByDetector = this.horizons.map((_, k) =>
      Array.from({ length: this.detectors }, (_, d) => {
        const c = this.detectorCount[k * this.detectors + d] as number;
        return c > 0 ? (this.detectorAbs[k * this.detectors + d] as number) / c : null;
      }),
    );
    return { mae: mean(maes), rmse: mean(rmses), mape: mean(mapes), byHorizon, maeByHour, maeByDetector };
  }
}

/** Mean, or null for no values (a metric over no truth is undefined, not zero). */
function mean(values: number[]): number | null {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
