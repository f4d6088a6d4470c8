/** Persistence: every horizon repeats the detector's newest observed value (a missing newest value looks further back). */
import type { Forecast, ModelSpec, PredictionModel, PredictionWindow } from './prediction-model';
import { emptyBasis, modelBasis, type ModelBasis } from './model-basis';
import { ResidualIntervals } from './residual-intervals';
import type { SeriesGrid } from './series-grid';

export class PersistenceModel implements PredictionModel {
  readonly name = 'persistence';
  private basis: ModelBasis;
  private intervals: ResidualIntervals;

  constructor(private readonly spec: ModelSpec) {
    this.basis = emptyBasis(spec.detectorIds.length);
    this.intervals = ResidualIntervals.none(spec);
  }

  fit(train: SeriesGrid, validation: SeriesGrid): void {
    this.basis = modelBasis(train);
    this.intervals = ResidualIntervals.calibrate((w) => this.points(w), validation, this.spec, this.basis.scales);
  }

  predict(window: PredictionWindow): Forecast {
    return this.intervals.forecast(this.points(window), window.endMs, this.basis.scales, this.basis.floor);
  }

  /** Nothing to learn: persistence has no parameters. */
  learn(): void {}

  private points(window: PredictionWindow): Float32Array {
    const n = this.spec.detectorIds.length;
    const rows = window.values.length / n;
    const point = new Float32Array(this.spec.horizons.length * n);
    for (let d = 0; d < n; d++) {
      let last = NaN;
      for (let r = rows - 1; r >= 0 && Number.isNaN(last); r--) last = window.values[r * n + d] as number;
      const value = Number.isNaN(last) ? (this.basis.mean[d] as number) : last;
      for (let k = 0; k < this.spec.horizons.length; k++) point[k * n + d] = value;
    }
    return point;
  }
}
