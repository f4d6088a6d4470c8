/**
 * The one interface every prediction model implements, so that the live engine, replay and the evaluation harness
 * pick models by name from one registry and compare them on equal terms.
 */
import type { SeriesGrid } from './series-grid';
import type { Neighbours } from './neighbours';

/** What a model is built for: the detectors, the time grid, the inputs it sees and the horizons it forecasts. */
export interface ModelSpec {
  readonly detectorIds: readonly string[];
  readonly stepMs: number;
  /** Intervals of history in each window. */
  readonly history: number;
  /** Forecast horizons, in intervals after the window's newest one, ascending. */
  readonly horizons: readonly number[];
  readonly neighbours: Neighbours;
  /** Local time zone for time of day and weekends. */
  readonly utcOffsetHours: number;
}

/** The newest `history` intervals of every detector. */
export interface PredictionWindow {
  /** Time stamp (epoch ms, end of interval) of the newest row. */
  readonly endMs: number;
  /** [history × detectors], oldest row first, NaN where missing. */
  readonly values: Float32Array;
}

/** Point forecasts with an 80 % interval: each array is [horizons × detectors], horizon-major. */
export interface Forecast {
  readonly point: Float32Array;
  readonly lower: Float32Array;
  readonly upper: Float32Array;
}

export interface PredictionModel {
  readonly name: string;
  /** Learns from the training part; tunes and calibrates its intervals on the validation part. */
  fit(train: SeriesGrid, validation: SeriesGrid): void;
  /** Forecasts every detector at every horizon from one window. Always finite once fitted. */
  predict(window: PredictionWindow): Forecast;
  /**
   * Online learning: `actual` (one row, NaN where missing) is what happened `horizons[horizonIndex]` intervals after
   * `window`. Called as data arrives, live and in replay.
   */
  learn(window: PredictionWindow, horizonIndex: number, actual: Float32Array): void;
}
