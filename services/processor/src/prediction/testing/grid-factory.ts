/** Fixtures for prediction specs: grids and model specs built from plain functions of time. */
import type { ModelSpec } from '../prediction-model';
import { noNeighbours, type Neighbours } from '../neighbours';
import type { SeriesGrid } from '../series-grid';

export const FIVE_MIN_MS = 300_000;
/** Monday 2025-01-06 00:00 UTC. */
export const MONDAY_MS = Date.UTC(2025, 0, 6);

/** A grid whose value for detector d at step t is valueAt(t, d, epochMs); NaN stays missing. */
export function gridOf(
  detectors: number,
  steps: number,
  valueAt: (t: number, d: number, epochMs: number) => number,
  options: { startMs?: number; stepMs?: number } = {},
): SeriesGrid {
  const startMs = options.startMs ?? MONDAY_MS;
  const stepMs = options.stepMs ?? FIVE_MIN_MS;
  const values = new Float32Array(steps * detectors);
  for (let t = 0; t < steps; t++) for (let d = 0; d < detectors; d++) values[t * detectors + d] = valueAt(t, d, startMs + t * stepMs);
  return { detectorIds: Array.from({ length: detectors }, (_, d) => `D${d}`), startMs, stepMs, steps, values };
}

export function specOf(grid: SeriesGrid, overrides: Partial<ModelSpec> & { neighbours?: Neighbours } = {}): ModelSpec {
  return {
    detectorIds: grid.detectorIds,
    stepMs: grid.stepMs,
    history: 12,
    horizons: [1, 3, 6, 12],
    neighbours: noNeighbours(grid.detectorIds.length),
    utcOffsetHours: 0,
    ...overrides,
  };
}

/** A seeded uniform generator (mulberry32), so specs are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws from a uniform generator (Box–Muller). */
export function normal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
