import { RowAggregator } from './row.aggregator';

const MIN = 60_000;
const STEP = 5 * MIN;

describe(RowAggregator.name, () => {
  it('closes a row at the step ending on the boundary, with the mean of each detector’s finite values', () => {
    const sut = new RowAggregator(2, STEP);

    const early = [1, 2, 3, 4].map((m) => sut.add(STEP + m * MIN, Float32Array.from([m, m === 2 ? NaN : 10])));
    const closed = sut.add(2 * STEP, Float32Array.from([5, NaN]));

    expect(early.every((c) => c.length === 0)).toBe(true);
    expect(closed).toEqual([{ endMs: 2 * STEP, values: Float32Array.from([3, 10]) }]);
  });

  it('closes a row whose boundary step never came at the first step past it, and gives NaN to a detector without values', () => {
    const sut = new RowAggregator(2, STEP);
    sut.add(STEP + MIN, Float32Array.from([4, NaN]));

    const closed = sut.add(2 * STEP + MIN, Float32Array.from([8, 1]));

    expect(closed).toEqual([{ endMs: 2 * STEP, values: Float32Array.from([4, NaN]) }]);
    expect(sut.add(3 * STEP, Float32Array.from([2, 3]))).toEqual([{ endMs: 3 * STEP, values: Float32Array.from([5, 2]) }]);
  });

  it('ignores a step older than the open row', () => {
    const sut = new RowAggregator(1, STEP);
    sut.add(2 * STEP + MIN, Float32Array.from([1]));

    expect(sut.add(STEP, Float32Array.from([100]))).toEqual([]);
    expect(sut.add(3 * STEP, Float32Array.from([3]))).toEqual([{ endMs: 3 * STEP, values: Float32Array.from([2]) }]);
  });
});
