import { aggregateGrid } from './grid-aggregation';
import type { SeriesGrid } from '../prediction/series-grid';

const STEP = 300_000;

/** Two detectors; rows end at 5, 10, …, 40 minutes past a whole hour. */
function grid(rows: number[][]): SeriesGrid {
  return { detectorIds: ['a', 'b'], startMs: 3_600_000 + STEP, stepMs: STEP, steps: rows.length, values: Float32Array.from(rows.flat()) };
}

describe(aggregateGrid.name, () => {
  const rows = [
    [1, 10],
    [2, 20],
    [3, 30],
    [4, 40],
    [5, NaN],
    [6, 60],
    [7, 70],
    [8, 80],
  ];

  it('sums counts over blocks ending on whole multiples of the new interval, missing if any row is', () => {
    const out = aggregateGrid(grid(rows), 3, 'sum');
    expect(out.stepMs).toBe(900_000);
    expect(out.startMs).toBe(3_600_000 + 900_000);
    expect(out.steps).toBe(2);
    expect(Array.from(out.values)).toEqual([6, 60, 15, NaN]);
  });

  it('averages speeds over the rows that have one, and leaves out blocks the grid only partly covers', () => {
    const late = { ...grid(rows.slice(1)), startMs: 3_600_000 + 2 * STEP };
    const out = aggregateGrid(late, 3, 'mean');
    expect(out.startMs).toBe(3_600_000 + 1_800_000);
    expect(out.steps).toBe(1);
    expect(Array.from(out.values)).toEqual([5, 50]);
  });

  it('keeps the grid for a factor of 1 and refuses others that are not whole', () => {
    const g = grid(rows);
    expect(aggregateGrid(g, 1, 'sum')).toBe(g);
    expect(() => aggregateGrid(g, 1.5, 'sum')).toThrow(/whole number/);
  });
});
