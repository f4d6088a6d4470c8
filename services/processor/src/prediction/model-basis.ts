/** What every model learns first from the training part: per-detector level and scale, and the value floor. */
import { detectorScales, detectorStats, type SeriesGrid } from './series-grid';

export interface ModelBasis {
  /** Per detector; the network mean for a detector without training data. */
  readonly mean: Float64Array;
  readonly scales: Float64Array;
  /** Forecasts never go below this: 0 for counts, speeds and occupancies, −∞ for a signed target. */
  readonly floor: number;
  readonly globalMean: number;
}

export function modelBasis(train: SeriesGrid): ModelBasis {
  const stats = detectorStats(train);
  return {
    mean: stats.mean.map((m) => (Number.isFinite(m) ? m : stats.globalMean)),
    scales: detectorScales(stats),
    floor: stats.min >= 0 ? 0 : -Infinity,
    globalMean: stats.globalMean,
  };
}

/** A basis for a model used before fitting: level 0, scale 1. */
export function emptyBasis(detectors: number): ModelBasis {
  return { mean: new Float64Array(detectors), scales: new Float64Array(detectors).fill(1), floor: -Infinity, globalMean: 0 };
}
