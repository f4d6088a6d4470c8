/** Walking the windows of a grid, as the evaluation protocol and model fitting both do. */
import type { PredictionWindow } from './prediction-model';
import type { SeriesGrid } from './series-grid';

/** The window whose newest row is row t of the grid (t ≥ history − 1), as a view. */
export function windowAt(grid: SeriesGrid, history: number, t: number): PredictionWindow {
  const n = grid.detectorIds.length;
  return { endMs: grid.startMs + t * grid.stepMs, values: grid.values.subarray((t - history + 1) * n, (t + 1) * n) };
}

/**
 * Newest-row indexes t of the windows that have `history` rows and a target `lead` rows later inside the grid,
 * thinned evenly to at most maxWindows.
 */
export function windowEnds(grid: SeriesGrid, history: number, lead: number, maxWindows = Infinity): number[] {
  const first = history - 1;
  const last = grid.steps - 1 - lead;
  if (last < first) return [];
  const total = last - first + 1;
  const stride = Math.max(1, Math.ceil(total / maxWindows));
  const ends: number[] = [];
  for (let t = first; t <= last; t += stride) ends.push(t);
  return ends;
}

/** Value of detector d in row r (0 = oldest) of a window over n detectors. */
export function windowValue(window: PredictionWindow, n: number, r: number, d: number): number {
  return window.values[r * n + d] as number;
}
