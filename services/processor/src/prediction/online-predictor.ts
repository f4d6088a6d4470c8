/**
 * Runs a model on a stream of intervals, live or in replay: keeps the recent rows, teaches the model each row as it
 * arrives (for every horizon whose window is now answered) and forecasts from the newest window. Time comes only
 * from the rows' own time stamps, so the same code runs on the wall clock and on a virtual one.
 */
import type { Forecast, ModelSpec, PredictionModel, PredictionWindow } from './prediction-model';

export class OnlinePredictor {
  private readonly n: number;
  /** Rows kept: the window plus the longest horizon, so every horizon's past window is still here. */
  private readonly keep: number;
  private readonly buffer: Float32Array;
  private readonly capacity: number;
  /** Rows in the buffer; the newest is at rows − 1. */
  private rows: number;
  private newestMs: number | undefined;
  /** Rows pushed so far (skipped intervals included); a window older than them is not learned from. */
  private pushed = 0;
  private readonly nanRow: Float32Array;

  constructor(
    private readonly model: PredictionModel,
    private readonly spec: ModelSpec,
    private readonly learnOnline = true,
  ) {
    this.n = spec.detectorIds.length;
    this.keep = spec.history + (spec.horizons[spec.horizons.length - 1] ?? 0);
    this.capacity = 4 * this.keep;
    this.buffer = new Float32Array(this.capacity * this.n).fill(NaN);
    // Starts full of missing rows: the first windows are mostly missing, which every model handles.
    this.rows = this.keep;
    this.nanRow = new Float32Array(this.n).fill(NaN);
  }

  get lastMs(): number | undefined {
    return this.newestMs;
  }

  /**
   * The interval ending at endMs (NaN where missing). Skipped intervals become missing rows; a row older than the
   * newest one is ignored (returns false).
   */
  push(endMs: number, row: Float32Array): boolean {
    if (row.length !== this.n) throw new Error(`row has ${row.length} values, expected ${this.n}`);
    if (this.newestMs !== undefined) {
      const gap = Math.round((endMs - this.newestMs) / this.spec.stepMs);
      if (gap < 1) return false;
      for (let i = 1; i < Math.min(gap, this.keep + 1); i++) this.append(this.newestMs + i * this.spec.stepMs, this.nanRow);
    }
    this.append(endMs, row);
    return true;
  }

  /** Forecast from the newest window; undefined before the first row. */
  forecast(): Forecast | undefined {
    if (this.newestMs === undefined) return undefined;
    return this.model.predict(this.windowEndingAt(this.rows - 1, this.newestMs));
  }

  private append(endMs: number, row: Float32Array): void {
    if (this.rows === this.capacity) {
      this.buffer.copyWithin(0, (this.capacity - this.keep) * this.n);
      this.rows = this.keep;
    }
    this.buffer.set(row, this.rows * this.n);
    this.rows += 1;
    this.pushed += 1;
    this.newestMs = endMs;
    if (!this.learnOnline) return;
    const actual = this.buffer.subarray((this.rows - 1) * this.n, this.rows * this.n);
    this.spec.horizons.forEach((lead, k) => {
      if (this.pushed < lead + this.spec.history) return;
      const end = this.rows - 1 - lead;
      this.model.learn(this.windowEndingAt(end, endMs - lead * this.spec.stepMs), k, actual);
    });
  }

  private windowEndingAt(row: number, endMs: number): PredictionWindow {
    return { endMs, values: this.buffer.subarray((row - this.spec.history + 1) * this.n, (row + 1) * this.n) };
  }
}
