/**
 * Coarser intervals for the evaluation: `factor` consecutive rows become one, ending on whole multiples of the new
 * interval in epoch time. Counts add up (a block with any missing row is missing: a partial sum would read as a
 * drop in traffic); speeds and occupancies average over the rows that have a value. Blocks the grid only partly
 * covers at either end are left out.
 *
 * Why: at signalised stop bars a 5-minute count holds three or four whole cycles of a 90 s signal, a pattern that
 * no demand forecast can remove; over 15 minutes (ten cycles) it cancels, and what is left is the traffic itself.
 */
import type { SeriesGrid } from '../prediction/series-grid';

export type AggregationRule = 'sum' | 'mean';

export function aggregateGrid(grid: SeriesGrid, factor: number, rule: AggregationRule): SeriesGrid {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`aggregation factor must be a whole number ≥ 1, got ${factor}`);
  if (factor === 1) return grid;
  const n = grid.detectorIds.length;
  const blockMs = grid.stepMs * factor;
  // Row t covers (startMs + (t − 1) step, startMs + t step]; the first block ending on a multiple of blockMs whose
  // whole span lies in the grid starts at the row ending one step past a block boundary.
  const firstEndMs = Math.ceil((grid.startMs + (factor - 1) * grid.stepMs) / blockMs) * blockMs;
  const firstRow = (firstEndMs - grid.startMs) / grid.stepMs - (factor - 1);
  if (!Number.isInteger(firstRow)) throw new Error(`rows are not aligned to the ${blockMs / 1000} s interval`);
  const steps = Math.max(0, Math.floor((grid.steps - firstRow) / factor));
  const values = new Float32Array(steps * n);
  for (let b = 0; b < steps; b++) {
    for (let d = 0; d < n; d++) {
      let sum = 0;
      let count = 0;
      for (let r = 0; r < factor; r++) {
        const x = grid.values[(firstRow + b * factor + r) * n + d] as number;
        if (Number.isNaN(x)) continue;
        sum += x;
        count++;
      }
      values[b * n + d] = rule === 'sum' ? (count === factor ? sum : NaN) : count > 0 ? sum / count : NaN;
    }
  }
  return { detectorIds: grid.detectorIds, startMs: firstEndMs, stepMs: blockMs, steps, values };
}
