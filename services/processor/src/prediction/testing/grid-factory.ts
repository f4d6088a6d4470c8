/** Fixtures for prediction specs: grids and model specs built from plain functions of time. */
import type { ModelSpec } from '../prediction-model';
import { noNeighbours, type Neighbours } from '../neighbours';
import type { SeriesGrid } from '../series-grid';
import { mulberry32 } from '@arterial/device-kit';

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

/** A seeded uniform generator (the device kit's mulberry32), so specs are reproducible. */
export const seeded = (seed: number): (() => number) => mulberry32(seed);

/** Standard normal draws from a uniform generator (Box–Muller). */
export function normal(uniform: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}
