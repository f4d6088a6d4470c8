/**
 * 80 % prediction intervals from residual quantiles: the 10th and 90th percentiles of validation residuals per
 * horizon and time-of-day band, in units of each detector's scale, so that busy and quiet detectors get intervals
 * of their own width.
 */
import { DayClock } from './day-clock';
import { Selection } from './order-statistics';
import type { Forecast, ModelSpec, PredictionWindow } from './prediction-model';
import type { SeriesGrid } from './series-grid';
import { windowAt, windowEnds } from './windows';

const BANDS = 6;
const BAND_MS = 86_400_000 / BANDS;
/** A band with fewer residuals than this uses the horizon's quantiles over the whole day. */
const MIN_BAND_SAMPLES = 50;
const MAX_CALIBRATION_WINDOWS = 1500;
export const LOWER_QUANTILE = 0.1;
export const UPPER_QUANTILE = 0.9;

export type PointPredictor = (window: PredictionWindow) => Float32Array;

export class ResidualIntervals {
  private constructor(
    private readonly clock: DayClock,
    private readonly stepMs: number,
    private readonly horizons: readonly number[],
    /** [horizon × band] quantiles of scaled residuals (truth − point). */
    private readonly lo: Float64Array,
    private readonly hi: Float64Array,
  ) {}

  /** Intervals of width zero: before calibration, or without validation data. */
  static none(spec: ModelSpec): ResidualIntervals {
    const size = spec.horizons.length * BANDS;
    return new ResidualIntervals(new DayClock(spec.utcOffsetHours), spec.stepMs, spec.horizons, new Float64Array(size), new Float64Array(size));
  }

  static calibrate(predict: PointPredictor, validation: SeriesGrid, spec: ModelSpec, scales: Float64Array): ResidualIntervals {
    const n = spec.detectorIds.length;
    const h = spec.horizons.length;
    const clock = new DayClock(spec.utcOffsetHours);
    const maxLead = spec.horizons[h - 1] ?? 1;
    const samples: number[][] = Array.from({ length: h * BANDS }, () => []);
    for (const t of windowEnds(validation, spec.history, maxLead, MAX_CALIBRATION_WINDOWS)) {
      const window = windowAt(validation, spec.history, t);
      const point = predict(window);
      for (let k = 0; k < h; k++) {
        const lead = spec.horizons[k] as number;
        const band = Math.floor(clock.msOfDay(window.endMs + lead * spec.stepMs) / BAND_MS);
        const list = samples[k * BANDS + band] as number[];
        const truth = validation.values.subarray((t + lead) * n, (t + lead + 1) * n);
        for (let d = 0; d < n; d++) {
          const y = truth[d] as number;
          if (Number.isNaN(y)) continue;
          list.push((y - (point[k * n + d] as number)) / (scales[d] as number));
        }
      }
    }
    const lo = new Float64Array(h * BANDS);
    const hi = new Float64Array(h * BANDS);
    for (let k = 0; k < h; k++) {
      // The whole day's residuals are gathered only when a band needs them. Two quantiles are selected, not sorted
      // for: sorting was most of the cost of a calibration.
      let all: Float64Array | undefined;
      const wholeDay = (): Float64Array => (all ??= concatenated(samples, k * BANDS, (k + 1) * BANDS));
      for (let b = 0; b < BANDS; b++) {
        const own = samples[k * BANDS + b] as number[];
        const values = own.length >= MIN_BAND_SAMPLES ? Float64Array.from(own) : wholeDay();
        const selection = new Selection(values);
        lo[k * BANDS + b] = selection.quantile(LOWER_QUANTILE);
        hi[k * BANDS + b] = selection.quantile(UPPER_QUANTILE);
      }
    }
    return new ResidualIntervals(clock, spec.stepMs, spec.horizons, lo, hi);
  }

  /** The forecast of `point` ([horizons × detectors]) with its interval, for the window ending at `endMs`. */
  forecast(point: Float32Array, endMs: number, scales: Float64Array, floor: number): Forecast {
    const lower = new Float32Array(point.length);
    const upper = new Float32Array(point.length);
    this.apply(point, endMs, scales, floor, lower, upper);
    return { point, lower, upper };
  }

  /** Fills lower and upper around point ([horizons × detectors]); lower is clamped at `floor`. */
  apply(point: Float32Array, endMs: number, scales: Float64Array, floor: number, lower: Float32Array, upper: Float32Array): void {
    const n = scales.length;
    for (let k = 0; k < this.horizons.length; k++) {
      const band = Math.floor(this.clock.msOfDay(endMs + (this.horizons[k] as number) * this.stepMs) / BAND_MS);
      const qLo = this.lo[k * BANDS + band] as number;
      const qHi = this.hi[k * BANDS + band] as number;
      for (let d = 0; d < n; d++) {
        const i = k * n + d;
        const s = scales[d] as number;
        const p = point[i] as number;
        lower[i] = Math.max(floor, p + Math.min(0, qLo) * s);
        upper[i] = Math.max(lower[i] as number, p + Math.max(0, qHi) * s);
      }
    }
  }
}

/** lists[from..to) end to end, copied straight into one array (`slice().flat()` then a copy cost several times more). */
function concatenated(lists: readonly number[][], from: number, to: number): Float64Array {
  let length = 0;
  for (let i = from; i < to; i++) length += (lists[i] as number[]).length;
  const out = new Float64Array(length);
  let at = 0;
  for (let i = from; i < to; i++) {
    const list = lists[i] as number[];
    for (let j = 0; j < list.length; j++) out[at++] = list[j] as number;
  }
  return out;
}

/** Linear interpolation between order statistics of an ascending array; 0 (no spread) when empty. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  const a = sorted[i] as number;
  const b = sorted[Math.min(sorted.length - 1, i + 1)] as number;
  return a + (b - a) * (pos - i);
}
