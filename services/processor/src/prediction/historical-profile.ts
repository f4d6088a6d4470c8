/**
 * Mean value per detector by time of day and day type (weekday, weekend), learned in batch or online. Queries fall
 * back from the day type's bin to both day types' bin, then to the detector's overall mean, then NaN.
 *
 * Day folds make honest training features: a model that uses the profile as an input trains on values of the
 * profile built without the target's own day (`leaveOwnFoldOut`), as it will meet them on days it has not seen.
 */
import { DayClock } from './day-clock';
import type { SeriesGrid } from './series-grid';

const DAY_MS = 86_400_000;
/** Bins are at least 5 minutes wide: finer ones would hold too few samples per day type to average. */
const MIN_BIN_MS = 300_000;

export interface HistoricalProfileOptions {
  /** Pool this many neighbouring bins on each side (triangular weights); 0 is the plain bin mean. */
  smoothBins?: number;
  /** Day folds kept for leave-own-fold-out queries (1: none). */
  folds?: number;
}

export class HistoricalProfile {
  readonly binMs: number;
  readonly bins: number;
  private readonly smooth: number;
  private readonly folds: number;
  /** [(fold + 1) × 2 day types × bins × detectors]; slot 0 holds the totals. */
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
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
    const slots = this.folds > 1 ? this.folds + 1 : 1;
    this.sums = new Float64Array(slots * 2 * this.bins * detectors);
    this.counts = new Float64Array(this.sums.length);
    this.detectorSum = new Float64Array(detectors);
    this.detectorCount = new Float64Array(detectors);
  }

  addGrid(grid: SeriesGrid): void {
    const n = this.detectors;
    for (let t = 0; t < grid.steps; t++) this.add(grid.startMs + t * grid.stepMs, grid.values.subarray(t * n, (t + 1) * n));
  }

  /** One row of every detector's values at epochMs (NaN where missing). */
  add(epochMs: number, row: Float32Array): void {
    const base = this.offset(0, epochMs, Math.floor(this.clock.msOfDay(epochMs) / this.binMs));
    const foldBase = this.folds > 1 ? this.offset(1 + this.foldOf(epochMs), epochMs, Math.floor(this.clock.msOfDay(epochMs) / this.binMs)) : -1;
    for (let d = 0; d < this.detectors; d++) {
      const x = row[d] as number;
      if (Number.isNaN(x)) continue;
      this.sums[base + d] = (this.sums[base + d] as number) + x;
      this.counts[base + d] = (this.counts[base + d] as number) + 1;
      if (foldBase >= 0) {
        this.sums[foldBase + d] = (this.sums[foldBase + d] as number) + x;
        this.counts[foldBase + d] = (this.counts[foldBase + d] as number) + 1;
      }
      this.detectorSum[d] = (this.detectorSum[d] as number) + x;
      this.detectorCount[d] = (this.detectorCount[d] as number) + 1;
    }
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

  /** Bin, day type (1: weekend) and fold slot (−1: none) of a query. */
  private position(epochMs: number, leaveOwnFoldOut: boolean): { bin: number; weekend: number; fold: number } {
    return {
      bin: Math.floor(this.clock.msOfDay(epochMs) / this.binMs),
      weekend: this.clock.isWeekend(epochMs) ? 1 : 0,
      fold: leaveOwnFoldOut && this.folds > 1 ? 1 + this.foldOf(epochMs) : -1,
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
        if (fold > 0) {
          const j = (fold * 2 * this.bins + type * this.bins + b) * this.detectors + detector;
          s -= this.sums[j] as number;
          c -= this.counts[j] as number;
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
