/**
 * One target (flow, speed or occupancy) of every detector, forecast live from a stream of rows. The configured model
 * needs history before it can be fitted, so until then a persistence model answers, refitted on what has arrived so
 * far (its intervals are calibrated once a whole window and its longest horizon have been seen). Once `fitAfterRows`
 * rows are in, the configured model is fitted on them (older part to learn, newer part to tune and calibrate), then
 * learns online from every row and is refitted every `refitEveryRows` on the newest `keepRows`. Time is only the rows'
 * own time stamps, so replay reproduces it exactly.
 */
import { createPredictionModel } from './model-registry';
import { OnlinePredictor } from './online-predictor';
import { PersistenceModel } from './persistence.model';
import type { Forecast, ModelSpec, PredictionModel } from './prediction-model';
import type { SeriesGrid } from './series-grid';

export interface TargetForecasterOptions {
  /** A name from the model registry. */
  model: string;
  fitAfterRows: number;
  refitEveryRows: number;
  /** Rows kept for (re)fitting. */
  keepRows: number;
  /** Newest share of the kept rows that tunes and calibrates instead of training. */
  validationShare: number;
  /** A detector not observed for more rows than this gets no forecast: it would be a guess from its profile only. */
  maxStaleRows: number;
  /** The persistence fallback is refitted this often (cheap: means and residual quantiles). */
  fallbackRefitRows: number;
}

export interface TargetForecast {
  readonly forecast: Forecast;
  /** The model that made it. */
  readonly model: string;
  /** False while the intervals have nothing to be calibrated on yet (they have zero width then). */
  readonly calibrated: boolean;
}

export class TargetForecaster {
  private readonly n: number;
  private readonly main: PredictionModel;
  /** Made at the first fit: an unfitted model learning online would cost as much as a fitted one for nothing. */
  private mainPredictor: OnlinePredictor | undefined;
  private readonly fallback: PersistenceModel;
  private readonly fallbackPredictor: OnlinePredictor;
  private readonly buffer: Float32Array;
  private rows = 0;
  private newestMs: number | undefined;
  /** Rows pushed since start (skipped intervals included). */
  private pushed = 0;
  private readonly lastSeen: Float64Array;
  private fitted = false;
  private sinceFit = 0;
  private fallbackCalibrated = false;
  private mainCalibrated = false;

  constructor(
    private readonly spec: ModelSpec,
    private readonly options: TargetForecasterOptions,
  ) {
    this.n = spec.detectorIds.length;
    this.main = createPredictionModel(options.model, spec);
    this.fallback = new PersistenceModel(spec);
    this.fallbackPredictor = new OnlinePredictor(this.fallback, spec, false);
    // Twice the kept rows, so the window slides with one copy every keepRows rows rather than one per row.
    this.buffer = new Float32Array(2 * options.keepRows * this.n);
    this.lastSeen = new Float64Array(this.n).fill(-Infinity);
  }

  get model(): string {
    return this.fitted ? this.main.name : this.fallback.name;
  }

  /** The interval ending at endMs (NaN where missing); older or repeated rows are ignored. */
  push(endMs: number, row: Float32Array): void {
    if (this.newestMs !== undefined) {
      const gap = Math.round((endMs - this.newestMs) / this.spec.stepMs);
      if (gap < 1) return;
      const nan = new Float32Array(this.n).fill(NaN);
      for (let i = 1; i < Math.min(gap, this.options.keepRows + 1); i++) this.append(nan);
      // intervals beyond what is kept still count, so staleness stays right
      this.pushed += gap - Math.min(gap, this.options.keepRows + 1);
    }
    this.append(row);
    this.newestMs = endMs;
    this.mainPredictor?.push(endMs, row);
    this.fallbackPredictor.push(endMs, row);
    for (let d = 0; d < this.n; d++) if (!Number.isNaN(row[d] as number)) this.lastSeen[d] = this.pushed;
    this.sinceFit += 1;
    if (!this.fitted && this.rows >= this.options.fitAfterRows) this.fitMain();
    else if (this.fitted && this.sinceFit >= this.options.refitEveryRows) this.fitMain();
    else if (!this.fitted && (this.pushed === 1 || this.pushed % this.options.fallbackRefitRows === 0)) this.fitFallback();
  }

  /** Forecast from the newest rows, NaN for detectors not observed recently; undefined before the first row. */
  forecast(): TargetForecast | undefined {
    const raw = (this.mainPredictor ?? this.fallbackPredictor).forecast();
    if (!raw) return undefined;
    const h = this.spec.horizons.length;
    for (let d = 0; d < this.n; d++) {
      if (this.pushed - (this.lastSeen[d] as number) <= this.options.maxStaleRows) continue;
      for (let k = 0; k < h; k++) raw.point[k * this.n + d] = raw.lower[k * this.n + d] = raw.upper[k * this.n + d] = NaN;
    }
    return { forecast: raw, model: this.model, calibrated: this.fitted ? this.mainCalibrated : this.fallbackCalibrated };
  }

  private append(row: Float32Array): void {
    const keep = this.options.keepRows;
    if (this.rows === 2 * keep) {
      this.buffer.copyWithin(0, keep * this.n);
      this.rows = keep;
    }
    this.buffer.set(row, this.rows * this.n);
    this.rows += 1;
    this.pushed += 1;
  }

  /** The newest `keepRows` rows as a grid (a view). */
  private grid(): SeriesGrid {
    const steps = Math.min(this.rows, this.options.keepRows);
    const from = this.rows - steps;
    const stepMs = this.spec.stepMs;
    return {
      detectorIds: this.spec.detectorIds,
      startMs: (this.newestMs ?? 0) - (steps - 1) * stepMs,
      stepMs,
      steps,
      values: this.buffer.subarray(from * this.n, this.rows * this.n),
    };
  }

  private fitMain(): void {
    const all = this.grid();
    const split = Math.round(all.steps * (1 - this.options.validationShare));
    const train: SeriesGrid = { ...all, steps: split, values: all.values.subarray(0, split * this.n) };
    const validation: SeriesGrid = { ...all, startMs: all.startMs + split * all.stepMs, steps: all.steps - split, values: all.values.subarray(split * this.n) };
    this.main.fit(train, validation);
    if (!this.mainPredictor) {
      // The newest window, so it forecasts at once; too few rows for any horizon to be learned twice from them.
      this.mainPredictor = new OnlinePredictor(this.main, this.spec);
      for (let r = Math.max(0, all.steps - this.spec.history); r < all.steps; r++) {
        this.mainPredictor.push(all.startMs + r * all.stepMs, all.values.subarray(r * this.n, (r + 1) * this.n));
      }
    }
    this.fitted = true;
    this.mainCalibrated = validation.steps >= this.windowAndLead();
    this.sinceFit = 0;
  }

  private fitFallback(): void {
    const all = this.grid();
    // Persistence learns nothing but each detector's mean and the residual spread, so it calibrates on every row.
    this.fallback.fit(all, all);
    this.fallbackCalibrated = all.steps >= this.windowAndLead();
  }

  /** Rows one calibration sample needs: a whole window and its longest horizon. */
  private windowAndLead(): number {
    return this.spec.history + (this.spec.horizons[this.spec.horizons.length - 1] ?? 1);
  }
}
