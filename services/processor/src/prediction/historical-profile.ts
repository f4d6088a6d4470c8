/**
 * Mean value per detector by time of day and day type (weekday, weekend), learned in batch or online. Queries fall
 * back from the day type's bin to both day types' bin, then to the detector's overall mean, then NaN.
 *
 * Day folds make honest training features: a model that uses the profile as an input trains on values of the
 * profile built without the target's own day (`leaveOwnFoldOut`), as it will meet them on days it has not seen. Only
 * a batch fit reads them, so they exist from `holdFolds(grid)` to `dropFolds()` and hold that grid's rows: kept for
 * as long as a live model runs they would cost folds × the profile (7 × ~9 KB per detector and target).
 */
import { DayClock } from './day-clock';
import type { SeriesGrid } from './series-grid';

const DAY_MS = 86_400_000;
/** Bins are at least 5 minutes wide: finer ones would hold too few samples per day type to average. */
const MIN_BIN_MS = 300_000;

export interface HistoricalProfileOptions {
  /** Pool this many neighbouring bins on each side (triangular weights); 0 is the plain bin mean. */
  smoothBins?: number;
  /** Day folds for leave-own-fold-out queries while fitting (1: none). */
  folds?: number;
}

export class HistoricalProfile {
  readonly binMs: number;
  readonly bins: number;
  private readonly smooth: number;
  private readonly folds: number;
  /** [2 day types × bins × detectors]: every row added. */
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  /** [folds × 2 day types × bins × detectors]: the rows of the grid being fitted, by day fold. */
  private foldSums: Float64Array | undefined;
  private foldCounts: Float64Array | undefined;
  /** Newest row added (`addGrid` skips rows at or before it unless told otherwise). */
  private newestMs = -Infinity;
  private readonly detectorSum: Float64Array;
  private readonly detectorCount: Float64Array;

  constructor(
    private readonly detectors: number,
    stepMs: number,
    private readonly clock: DayClock,
    options: HistoricalProfileOptions = {},
  ) {
    this.binMs = stepMs * Math.max(1, Math.round(MIN_BIN_MS / stepMs));
    this.bins = Math.ceil(DAY_MS / this.binMs);
    this.smooth = Math.max(0, Math.floor(options.smoothBins ?? 0));
    this.folds = Math.max(1, Math.floor(options.folds ?? 1));
    this.sums = new Float64Array(2 * this.bins * detectors);
    this.counts = new Float64Array(this.sums.length);
    this.detectorSum = new Float64Array(detectors);
    this.detectorCount = new Float64Array(detectors);
  }

  /**
   * Adds a grid's rows. `newOnly`: only rows after the newest already added, for a model that refits on rows it has
   * already learned online (adding them again would count them twice).
   */
  addGrid(grid: SeriesGrid, newOnly = false): void {
    const n = this.detectors;
    for (let t = 0; t < grid.steps; t++) {
      const at = grid.startMs + t * grid.stepMs;
      if (newOnly && at <= this.newestMs) continue;
      this.add(at, grid.values.subarray(t * n, (t + 1) * n));
    }
  }

  /** One row of every detector's values at epochMs (NaN where missing). */
  add(epochMs: number, row: Float32Array): void {
    const base = this.offset(0, epochMs, Math.floor(this.clock.msOfDay(epochMs) / this.binMs));
    if (epochMs > this.newestMs) this.newestMs = epochMs;
    for (let d = 0; d < this.detectors; d++) {
      const x = row[d] as number;
      if (Number.isNaN(x)) continue;
      this.sums[base + d] = (this.sums[base + d] as number) + x;
      this.counts[base + d] = (this.counts[base + d] as number) + 1;
      this.detectorSum[d] = (this.detectorSum[d] as number) + x;
      this.detectorCount[d] = (this.detectorCount[d] as number) + 1;
    }
  }

  /**
   * Keeps the grid's rows by day fold (the grid must have been added), so leave-own-fold-out queries answer without
   * the queried day's fold of that grid, until `dropFolds`.
   */
  holdFolds(grid: SeriesGrid): void {
    if (this.folds <= 1) return;
    const foldSums = new Float64Array(this.folds * this.sums.length);
    const foldCounts = new Float64Array(foldSums.length);
    const n = this.detectors;
    for (let t = 0; t < grid.steps; t++) {
      const epochMs = grid.startMs + t * grid.stepMs;
      const base = this.offset(this.foldOf(epochMs), epochMs, Math.floor(this.clock.msOfDay(epochMs) / this.binMs));
      for (let d = 0; d < n; d++) {
        const x = grid.values[t * n + d] as number;
        if (Number.isNaN(x)) continue;
        foldSums[base + d] = (foldSums[base + d] as number) + x;
        foldCounts[base + d] = (foldCounts[base + d] as number) + 1;
      }
    }
    this.foldSums = foldSums;
    this.foldCounts = foldCounts;
  }

  dropFolds(): void {
    this.foldSums = undefined;
    this.foldCounts = undefined;
  }

  /** Day fold of a time: local day number modulo the folds. */
  foldOf(epochMs: number): number {
    const day = Math.floor((epochMs + this.clock.utcOffsetHours * 3_600_000) / DAY_MS);
    return ((day % this.folds) + this.folds) % this.folds;
  }

  value(epochMs: number, detector: number, leaveOwnFoldOut = false): number {
    const at = this.position(epochMs, leaveOwnFoldOut);
    return this.valueAt(at.bin, at.weekend, at.fold, detector);
  }

  fillRow(epochMs: number, out: Float64Array, leaveOwnFoldOut = false): void {
    // bin, day type and fold are the same for every detector: worked out once per row, not once per detector
    const at = this.position(epochMs, leaveOwnFoldOut);
    for (let d = 0; d < this.detectors; d++) out[d] = this.valueAt(at.bin, at.weekend, at.fold, d);
  }

  /** Bin, day type (1: weekend) and day fold (−1: none) of a query. */
  private position(epochMs: number, leaveOwnFoldOut: boolean): { bin: number; weekend: number; fold: number } {
    return {
      bin: Math.floor(this.clock.msOfDay(epochMs) / this.binMs),
      weekend: this.clock.isWeekend(epochMs) ? 1 : 0,
      fold: leaveOwnFoldOut && this.foldSums ? this.foldOf(epochMs) : -1,
    };
  }

  private valueAt(bin: number, weekend: number, fold: number, detector: number): number {
    let sameType = 0;
    let sameTypeCount = 0;
    let bothTypes = 0;
    let bothTypesCount = 0;
    for (let o = -this.smooth; o <= this.smooth; o++) {
      const w = this.smooth + 1 - Math.abs(o);
      const b = (((bin + o) % this.bins) + this.bins) % this.bins;
      for (let type = 0; type < 2; type++) {
        const i = (type * this.bins + b) * this.detectors + detector;
        let s = this.sums[i] as number;
        let c = this.counts[i] as number;
        if (fold >= 0 && this.foldSums && this.foldCounts) {
          const j = (fold * 2 * this.bins + type * this.bins + b) * this.detectors + detector;
          s -= this.foldSums[j] as number;
          c -= this.foldCounts[j] as number;
        }
        if (type === weekend) {
          sameType += w * s;
          sameTypeCount += w * c;
        }
        bothTypes += w * s;
        bothTypesCount += w * c;
      }
    }
    if (sameTypeCount > 0.5) return sameType / sameTypeCount;
    if (bothTypesCount > 0.5) return bothTypes / bothTypesCount;
    const c = this.detectorCount[detector] as number;
    return c > 0 ? (this.detectorSum[detector] as number) / c : NaN;
  }

  private offset(slot: number, epochMs: number, bin: number): number {
    const type = this.clock.isWeekend(epochMs) ? 1 : 0;
    return (slot * 2 * this.bins + type * this.bins + bin) * this.detectors;
  }
}
