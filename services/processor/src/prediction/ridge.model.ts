/**
 * Ridge regression over lagged values, neighbours, the historical profile and time of day: one linear model per
 * detector and horizon, shrunk towards one model pooled over all detectors. The shrinkage strength is chosen per
 * horizon on the validation part; with little data a detector borrows the pooled model, with much it keeps its own.
 *
 * Online learning keeps the normal equations as exponentially forgotten sums (recursive least squares with
 * forgetting, in its numerically calm form) and re-solves them every `refitEvery` intervals.
 */
import { solveSpd } from './cholesky';
import { DayClock } from './day-clock';
import { HistoricalProfile } from './historical-profile';
import { emptyBasis, modelBasis, type ModelBasis } from './model-basis';
import type { Forecast, ModelSpec, PredictionModel, PredictionWindow } from './prediction-model';
import { ResidualIntervals } from './residual-intervals';
import { RidgeFeatures } from './ridge-features';
import type { SeriesGrid } from './series-grid';
import { windowAt, windowEnds } from './windows';

export interface RidgeOptions {
  /** Candidate shrinkage strengths, as multiples of a detector's sample count. */
  shrinkGrid?: readonly number[];
  /** Memory of online learning (default 28 days). */
  memoryMs?: number;
  /** Re-solve after this many learned intervals (default 12). */
  refitEvery?: number;
  /** Training windows used at most, evenly thinned (default 20 000). */
  maxTrainWindows?: number;
  /** Huber-reweighted refits after the first least-squares fit (default 1). */
  robustPasses?: number;
  /** Validation windows used to tune the shrinkage (default 1 500). */
  maxTuneWindows?: number;
  /**
   * Fit on square roots of a non-negative target (default) or on the raw values. The square root steadies the
   * variance of counts and turns the least-squares mean into something close to the median, which MAE rewards.
   */
  transform?: 'sqrt' | 'none';
}

const DEFAULT_SHRINK = [0.001, 0.01, 0.1, 1, 10, 1000];
const POOLED_RIDGE = 1e-3;
const PROFILE_FOLDS = 7;
const RENORMALISE_BELOW = 1e-100;
/** Huber threshold in units of the detector's scale: residuals beyond it weigh less. */
const HUBER_K = 0.3;
const MIN_CALENDAR_SPAN_MS = 86_400_000;
const MIN_PROFILE_SCALED_SPAN_MS = 2 * 86_400_000;

export class RidgeModel implements PredictionModel {
  readonly name = 'ridge';
  private readonly n: number;
  private readonly h: number;
  private readonly profile: HistoricalProfile;
  /** Level and scale of the values the regression sees (transformed). */
  private basis: ModelBasis;
  /** Level and scale of the raw values, for the intervals. */
  private rawBasis: ModelBasis;
  private sqrt = false;
  private features: RidgeFeatures;
  private intervals: ResidualIntervals;
  private readonly options: Required<RidgeOptions>;
  /** Normal equations per (horizon, detector): stored × gain[k] is the forgotten sum. */
  private xtx = new Float64Array(0);
  private xty = new Float64Array(0);
  private weight = new Float64Array(0);
  private readonly gain: Float64Array;
  private readonly sinceRefit: Int32Array;
  /** Coefficients per (horizon, detector). */
  private beta = new Float64Array(0);
  private readonly shrink: Float64Array;
  private readonly forget: number;
  private readonly x: Float64Array = new Float64Array(0);

  constructor(
    private readonly spec: ModelSpec,
    options: RidgeOptions = {},
  ) {
    this.n = spec.detectorIds.length;
    this.h = spec.horizons.length;
    this.options = {
      shrinkGrid: options.shrinkGrid ?? DEFAULT_SHRINK,
      memoryMs: options.memoryMs ?? 28 * 86_400_000,
      refitEvery: options.refitEvery ?? 12,
      maxTrainWindows: options.maxTrainWindows ?? 20_000,
      maxTuneWindows: options.maxTuneWindows ?? 1500,
      robustPasses: options.robustPasses ?? 1,
      transform: options.transform ?? 'sqrt',
    };
    this.forget = 1 - spec.stepMs / this.options.memoryMs;
    this.profile = new HistoricalProfile(this.n, spec.stepMs, new DayClock(spec.utcOffsetHours), { smoothBins: 1, folds: PROFILE_FOLDS });
    this.basis = emptyBasis(this.n);
    this.rawBasis = this.basis;
    this.features = new RidgeFeatures(spec, this.profile, this.basis);
    this.intervals = ResidualIntervals.none(spec);
    this.gain = new Float64Array(this.h).fill(1);
    this.sinceRefit = new Int32Array(this.h);
    this.shrink = new Float64Array(this.h).fill(1);
    this.x = new Float64Array(this.features.dim);
    this.allocate();
  }

  get dim(): number {
    return this.features.dim;
  }

  fit(train: SeriesGrid, validation: SeriesGrid): void {
    this.rawBasis = modelBasis(train);
    this.sqrt = this.options.transform === 'sqrt' && this.rawBasis.floor === 0;
    const seen = this.toModelGrid(train);
    this.basis = modelBasis(seen);
    // A live refit's rows were learned online already; the folds hold this grid's rows for honest training features.
    this.profile.addGrid(seen, true);
    this.profile.holdFolds(seen);
    this.features = new RidgeFeatures(this.spec, this.profile, this.basis);
    this.features.calendar = train.steps * train.stepMs >= MIN_CALENDAR_SPAN_MS;
    this.features.profileScaled = train.steps * train.stepMs >= MIN_PROFILE_SCALED_SPAN_MS;
    this.allocate();
    this.accumulate(seen, undefined);
    for (let pass = 0; pass < this.options.robustPasses; pass++) {
      // Huber reweighting: faulty detectors (stuck, chattering) leave huge residuals that would drag a plain fit.
      const previous = this.beta.slice();
      for (let k = 0; k < this.h; k++) this.solveHorizon(k, 1, previous);
      this.allocate();
      this.accumulate(seen, previous);
    }
    // Only training reads the folds; tuning and forecasting read the whole profile.
    this.profile.dropFolds();
    this.tune(validation);
    this.intervals = ResidualIntervals.calibrate((w) => this.points(w), validation, this.spec, this.rawBasis.scales);
  }

  predict(window: PredictionWindow): Forecast {
    return this.intervals.forecast(this.points(window), window.endMs, this.rawBasis.scales, this.rawBasis.floor);
  }

  learn(rawWindow: PredictionWindow, horizonIndex: number, rawActual: Float32Array): void {
    const k = horizonIndex;
    const window = this.toModelWindow(rawWindow);
    const actual = this.toModelValues(rawActual);
    const { n, x } = this;
    const dim = this.dim;
    this.gain[k] = (this.gain[k] as number) * this.forget;
    if ((this.gain[k] as number) < RENORMALISE_BELOW) this.renormalise(k);
    const g = this.gain[k] as number;
    this.features.prepare(window, false);
    for (let d = 0; d < n; d++) {
      const y = actual[d] as number;
      if (Number.isNaN(y)) continue;
      this.features.fillCommon(d, x);
      this.features.fillHorizon(k, d, x);
      this.addSample(k, d, x, (y - (this.basis.mean[d] as number)) / (this.basis.scales[d] as number), 1 / g, dim);
    }
    // The row joins the profile after its last horizon has used the profile as it was before the row.
    if (k === this.h - 1) this.profile.add(window.endMs + (this.spec.horizons[k] as number) * this.spec.stepMs, actual);
    this.sinceRefit[k] = (this.sinceRefit[k] as number) + 1;
    if ((this.sinceRefit[k] as number) >= this.options.refitEvery) {
      this.solveHorizon(k, this.shrink[k] as number, this.beta);
      this.sinceRefit[k] = 0;
    }
  }

  /** Coefficients of one detector and horizon (a copy), in units of the detector's scale. */
  coefficients(horizonIndex: number, detector: number): Float64Array {
    const dim = this.dim;
    const at = (horizonIndex * this.n + detector) * dim;
    return this.beta.slice(at, at + dim);
  }

  private toModelValues(values: Float32Array): Float32Array {
    if (!this.sqrt) return values;
    return values.map((x) => Math.sqrt(Math.max(0, x)));
  }

  private toModelWindow(window: PredictionWindow): PredictionWindow {
    return this.sqrt ? { endMs: window.endMs, values: this.toModelValues(window.values) } : window;
  }

  private toModelGrid(grid: SeriesGrid): SeriesGrid {
    return this.sqrt ? { ...grid, values: this.toModelValues(grid.values) } : grid;
  }

  /** Back to the target's units; a negative square root means zero. */
  private fromModel(z: number): number {
    if (this.sqrt) return z > 0 ? z * z : 0;
    return Math.max(this.rawBasis.floor, z);
  }

  private allocate(): void {
    const dim = this.features.dim;
    this.xtx = new Float64Array(this.h * this.n * dim * dim);
    this.xty = new Float64Array(this.h * this.n * dim);
    this.weight = new Float64Array(this.h * this.n);
    this.beta = new Float64Array(this.h * this.n * dim);
    this.gain.fill(1);
  }

  /** Sums the normal equations over the training windows; with `huberFrom`, Huber weights from that fit's residuals. */
  private accumulate(train: SeriesGrid, huberFrom: Float64Array | undefined): void {
    const { n, h, x } = this;
    const dim = this.dim;
    const minLead = this.spec.horizons[0] ?? 1;
    for (const t of windowEnds(train, this.spec.history, minLead, this.options.maxTrainWindows)) {
      const window = windowAt(train, this.spec.history, t);
      this.features.prepare(window, true);
      for (let d = 0; d < n; d++) {
        let common = false;
        for (let k = 0; k < h; k++) {
          const target = t + (this.spec.horizons[k] as number);
          if (target >= train.steps) break;
          const y = train.values[target * n + d] as number;
          if (Number.isNaN(y)) continue;
          if (!common) {
            this.features.fillCommon(d, x);
            common = true;
          }
          this.features.fillHorizon(k, d, x);
          const z = (y - (this.basis.mean[d] as number)) / (this.basis.scales[d] as number);
          let w = 1;
          if (huberFrom) {
            const r = Math.abs(z - dot(huberFrom, (k * n + d) * dim, x, dim));
            w = r > HUBER_K ? HUBER_K / r : 1;
          }
          this.addSample(k, d, x, z, w, dim);
        }
      }
    }
  }

  /** Adds w · (x xᵀ, x y) to the upper triangle of one system. */
  private addSample(k: number, d: number, x: Float64Array, y: number, w: number, dim: number): void {
    const s = k * this.n + d;
    const base = s * dim * dim;
    const xtx = this.xtx;
    for (let i = 0; i < dim; i++) {
      const xi = (x[i] as number) * w;
      if (xi === 0) continue;
      const row = base + i * dim;
      for (let j = i; j < dim; j++) xtx[row + j] = (xtx[row + j] as number) + xi * (x[j] as number);
      this.xty[s * dim + i] = (this.xty[s * dim + i] as number) + xi * y;
    }
    this.weight[s] = (this.weight[s] as number) + w;
  }

  /** Picks each horizon's shrinkage by mean absolute error on validation windows. */
  private tune(validation: SeriesGrid): void {
    const { n, h, x } = this;
    const dim = this.dim;
    const grid = this.options.shrinkGrid;
    const candidates = grid.map((s) => {
      const beta = new Float64Array(this.beta.length);
      for (let k = 0; k < h; k++) this.solveHorizon(k, s, beta);
      return beta;
    });
    const error = new Float64Array(h * grid.length);
    const maxLead = this.spec.horizons[h - 1] ?? 1;
    for (const t of windowEnds(validation, this.spec.history, maxLead, this.options.maxTuneWindows)) {
      this.features.prepare(this.toModelWindow(windowAt(validation, this.spec.history, t)), false);
      for (let d = 0; d < n; d++) {
        this.features.fillCommon(d, x);
        const mean = this.basis.mean[d] as number;
        const scale = this.basis.scales[d] as number;
        for (let k = 0; k < h; k++) {
          const y = validation.values[(t + (this.spec.horizons[k] as number)) * n + d] as number;
          if (Number.isNaN(y)) continue;
          this.features.fillHorizon(k, d, x);
          const at = (k * n + d) * dim;
          for (let c = 0; c < grid.length; c++) {
            const z = dot(candidates[c] as Float64Array, at, x, dim);
            error[k * grid.length + c] = (error[k * grid.length + c] as number) + Math.abs(this.fromModel(mean + scale * z) - y);
          }
        }
      }
    }
    for (let k = 0; k < h; k++) {
      let best = 0;
      for (let c = 1; c < grid.length; c++) if ((error[k * grid.length + c] as number) < (error[k * grid.length + best] as number)) best = c;
      this.shrink[k] = grid[best] as number;
      this.beta.set((candidates[best] as Float64Array).subarray(k * n * dim, (k + 1) * n * dim), k * n * dim);
    }
  }

  /** Solves the pooled system, then every detector's system shrunk towards the pooled coefficients. */
  private solveHorizon(k: number, shrink: number, out: Float64Array): void {
    const { n } = this;
    const dim = this.dim;
    const g = this.gain[k] as number;
    const a = new Float64Array(dim * dim);
    const b = new Float64Array(dim);
    for (let d = 0; d < n; d++) {
      const s = k * n + d;
      for (let i = 0; i < dim * dim; i++) a[i] = (a[i] as number) + (this.xtx[s * dim * dim + i] as number) * g;
      for (let i = 0; i < dim; i++) b[i] = (b[i] as number) + (this.xty[s * dim + i] as number) * g;
    }
    symmetrise(a, dim);
    let trace = 0;
    for (let i = 0; i < dim; i++) trace += a[i * dim + i] as number;
    const pooledRidge = POOLED_RIDGE * Math.max(trace / dim, 1);
    for (let i = 0; i < dim; i++) a[i * dim + i] = (a[i * dim + i] as number) + pooledRidge;
    const pooled = solveSpd(a, b, dim);
    const coef = new Float64Array(dim);
    for (let d = 0; d < n; d++) {
      const s = k * n + d;
      const lambda = shrink * Math.max(1, (this.weight[s] as number) * g);
      for (let i = 0; i < dim * dim; i++) a[i] = (this.xtx[s * dim * dim + i] as number) * g;
      symmetrise(a, dim);
      for (let i = 0; i < dim; i++) {
        a[i * dim + i] = (a[i * dim + i] as number) + lambda;
        b[i] = (this.xty[s * dim + i] as number) * g + lambda * (pooled[i] as number);
      }
      solveSpd(a, b, dim, coef);
      out.set(coef, s * dim);
    }
  }

  private renormalise(k: number): void {
    const dim = this.dim;
    const g = this.gain[k] as number;
    const from = k * this.n;
    scaleRange(this.xtx, from * dim * dim, (from + this.n) * dim * dim, g);
    scaleRange(this.xty, from * dim, (from + this.n) * dim, g);
    scaleRange(this.weight, from, from + this.n, g);
    this.gain[k] = 1;
  }

  private points(window: PredictionWindow): Float32Array {
    const { n, h, x } = this;
    const dim = this.dim;
    const point = new Float32Array(h * n);
    this.features.prepare(this.toModelWindow(window), false);
    for (let d = 0; d < n; d++) {
      this.features.fillCommon(d, x);
      const mean = this.basis.mean[d] as number;
      const scale = this.basis.scales[d] as number;
      for (let k = 0; k < h; k++) {
        this.features.fillHorizon(k, d, x);
        point[k * n + d] = this.fromModel(mean + scale * dot(this.beta, (k * n + d) * dim, x, dim));
      }
    }
    return point;
  }
}

function dot(beta: Float64Array, at: number, x: Float64Array, dim: number): number {
  let s = 0;
  for (let i = 0; i < dim; i++) s += (beta[at + i] as number) * (x[i] as number);
  return s;
}

/** Copies the upper triangle into the lower one. */
function symmetrise(a: Float64Array, dim: number): void {
  for (let i = 0; i < dim; i++) for (let j = 0; j < i; j++) a[i * dim + j] = a[j * dim + i] as number;
}

function scaleRange(a: Float64Array, from: number, to: number, factor: number): void {
  for (let i = from; i < to; i++) a[i] = (a[i] as number) * factor;
}
