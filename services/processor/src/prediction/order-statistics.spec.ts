import fc from 'fast-check';
import { quantileBySelection, Selection } from './order-statistics';
import { LOWER_QUANTILE, quantile, UPPER_QUANTILE } from './residual-intervals';

/** The reference: quantile of the array sorted as calibration used to sort it. */
const bySort = (values: number[], q: number): number => quantile(Float64Array.from(values).sort(), q);

describe(quantileBySelection.name, () => {
  // few distinct values, so ties, both zeros, NaN and infinities are common
  const value = fc.oneof(fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5), fc.double({ noNaN: false }));
  const q = fc.oneof(fc.constantFrom(0, LOWER_QUANTILE, 0.5, UPPER_QUANTILE, 1), fc.double({ min: 0, max: 1, noNaN: true }));

  it('equals the quantile of the sorted array to the bit (the sign of zero and NaN included)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), q, (values, p) => {
        expect(Object.is(quantileBySelection(Float64Array.from(values), p), bySort(values, p))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('selects several quantiles of one array in turn, each as from the sorted array', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.array(q, { minLength: 1, maxLength: 4 }), (values, qs) => {
        const selection = new Selection(Float64Array.from(values));
        for (const p of qs) expect(Object.is(selection.quantile(p), bySort(values, p))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees on long lists of residuals with many exact zeros, as a quiet night gives', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? 0 : i % 7 === 0 ? -0 : Math.sin(i) * 4));
    const array = Float64Array.from(values);
    for (const p of [LOWER_QUANTILE, UPPER_QUANTILE]) expect(Object.is(quantileBySelection(array, p), bySort(values, p))).toBe(true);
  });

  it('gives 0 for no values, as quantile does', () => {
    expect(quantileBySelection(new Float64Array(0), 0.5)).toBe(0);
  });
});
