import { solveSpd } from './cholesky';

describe(solveSpd.name, () => {
  it('solves a symmetric positive-definite system', () => {
    const a = new Float64Array([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const x = [1, -2, 0.5];
    const b = new Float64Array([0, 1, 2].map((i) => x.reduce((s, xj, j) => s + (a[i * 3 + j] as number) * xj, 0)));
    const sut = solveSpd(a, b, 3);
    x.forEach((v, i) => expect(sut[i]).toBeCloseTo(v, 10));
  });

  it('rescues a singular but positive semi-definite system with jitter', () => {
    const sut = solveSpd(new Float64Array([1, 1, 1, 1]), new Float64Array([2, 2]), 2);
    expect((sut[0] as number) + (sut[1] as number)).toBeCloseTo(2, 4);
  });

  it('refuses an indefinite matrix', () => {
    expect(() => solveSpd(new Float64Array([1, 0, 0, -1]), new Float64Array([1, 1]), 2)).toThrow(/not positive definite/);
  });
});
