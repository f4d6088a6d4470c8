/**
 * Historical average: the detector's mean at the target's time of day on the same day type (weekday or weekend),
 * falling back to the mean over both day types, then to the detector's mean. It keeps learning online.
 */
import { DayClock } from './day-clock';
import { HistoricalProfile } from './historical-profile';
import type { Forecast, ModelSpec, PredictionModel, PredictionWindow } from './prediction-model';
import { emptyBasis, modelBasis, type ModelBasis } from './model-basis';
import { ResidualIntervals } from './residual-intervals';
import type { SeriesGrid } from './series-grid';

export class HistoricalAverageModel implements PredictionModel {
  readonly name = 'historical-average';
  private readonly profile: HistoricalProfile;
  private basis: ModelBasis;
  private intervals: ResidualIntervals;
  private readonly row: Float64Array;

  constructor(private readonly spec: ModelSpec) {
    const n = spec.detectorIds.length;
    this.profile = new HistoricalProfile(n, spec.stepMs, new DayClock(spec.utcOffsetHours));
    this.basis = emptyBasis(n);
    this.intervals = ResidualIntervals.none(spec);
    this.row = new Float64Array(n);
  }

  fit(train: SeriesGrid, validation: SeriesGrid): void {
    this.basis = modelBasis(train);
    this.profile.addGrid(train);
    this.intervals = ResidualIntervals.calibrate((w) => this.points(w), validation, this.spec, this.basis.scales);
  }

  predict(window: PredictionWindow): Forecast {
    return this.intervals.forecast(this.points(window), window.endMs, this.basis.scales, this.basis.floor);
  }

  /** Each row arrives once per horizon; the first horizon's call adds it to the averages. */
  learn(window: PredictionWindow, horizonIndex: number, actual: Float32Array): void {
    if (horizonIndex !== 0) return;
    this.profile.add(window.endMs + (this.spec.horizons[0] as number) * this.spec.stepMs, actual);
  }

  private points(window: PredictionWindow): Float32Array {
    const n = this.spec.detectorIds.length;
    const point = new Float32Array(this.spec.horizons.length * n);
    for (let k = 0; k < this.spec.horizons.length; k++) {
      this.profile.fillRow(window.endMs + (this.spec.horizons[k] as number) * this.spec.stepMs, this.row);
      for (let d = 0; d < n; d++) {
        const v = this.row[d] as number;
        point[k * n + d] = Number.isNaN(v) ? (this.basis.mean[d] as number) : v;
      }
    }
    return point;
  }
}
