/**
 * Detector time series on one regular time grid: a dense [steps × detectors] matrix, NaN where a value is missing.
 * Dense storage keeps memory predictable (300 detectors × 60 days of 5-minute data is 5.2 M cells, 21 MB) and makes
 * every window a zero-copy view.
 */
export interface SeriesGrid {
  readonly detectorIds: readonly string[];
  /** Time stamp (epoch ms, end of interval) of row 0. */
  readonly startMs: number;
  readonly stepMs: number;
  readonly steps: number;
  /** Row-major: the value of detector n at step t is values[t * detectorIds.length + n]. */
  readonly values: Float32Array;
}

/** Rows [from, to) of a grid, sharing its storage. */
export function sliceGrid(grid: SeriesGrid, from: number, to: number): SeriesGrid {
  const n = grid.detectorIds.length;
  const start = Math.max(0, Math.min(from, grid.steps));
  const end = Math.max(start, Math.min(to, grid.steps));
  return {
    detectorIds: grid.detectorIds,
    startMs: grid.startMs + start * grid.stepMs,
    stepMs: grid.stepMs,
    steps: end - start,
    values: grid.values.subarray(start * n, end * n),
  };
}

export function rowTimeMs(grid: SeriesGrid, t: number): number {
  return grid.startMs + t * grid.stepMs;
}

export interface DetectorStats {
  /** Per detector, over its non-missing values; NaN for a detector without data. */
  mean: Float64Array;
  std: Float64Array;
  count: Float64Array;
  globalMean: number;
  globalStd: number;
  min: number;
  max: number;
}

/** Means and spreads per detector, the normalisation every model shares. */
export function detectorStats(grid: SeriesGrid): DetectorStats {
  const n = grid.detectorIds.length;
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  const count = new Float64Array(n);
  let min = Infinity;
  let max = -Infinity;
  const v = grid.values;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (Number.isNaN(x)) continue;
    const d = i % n;
    sum[d] = (sum[d] as number) + x;
    sumSq[d] = (sumSq[d] as number) + x * x;
    count[d] = (count[d] as number) + 1;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  let total = 0;
  let totalSq = 0;
  let totalCount = 0;
  for (let d = 0; d < n; d++) {
    const c = count[d] as number;
    total += sum[d] as number;
    totalSq += sumSq[d] as number;
    totalCount += c;
    mean[d] = c > 0 ? (sum[d] as number) / c : NaN;
    std[d] = c > 1 ? Math.sqrt(Math.max(0, (sumSq[d] as number) / c - (mean[d] as number) ** 2)) : NaN;
  }
  const globalMean = totalCount > 0 ? total / totalCount : 0;
  const globalStd = totalCount > 1 ? Math.sqrt(Math.max(0, totalSq / totalCount - globalMean ** 2)) : 1;
  return {
    mean,
    std,
    count,
    globalMean,
    globalStd: globalStd > 0 ? globalStd : 1,
    min: Number.isFinite(min) ? min : 0,
    max: Number.isFinite(max) ? max : 0,
  };
}

/**
 * A positive scale per detector for normalised features and residuals: its own spread, floored at a small share of
 * the network's spread so that a detector that never changed (or has no data) does not divide by zero.
 */
export function detectorScales(stats: DetectorStats): Float64Array {
  const floor = 0.05 * stats.globalStd;
  return stats.std.map((s) => (Number.isFinite(s) && s > floor ? s : Math.max(floor, 1e-6)));
}
