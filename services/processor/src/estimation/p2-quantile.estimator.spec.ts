import { P2QuantileEstimator } from './p2-quantile.estimator';

/** Deterministic uniform numbers in [0, 1) (a small LCG), so the spec cannot flake. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe(P2QuantileEstimator.name, () => {
  it('tracks the 85th percentile of a uniform stream within a percent', () => {
    const sut = new P2QuantileEstimator(0.85);
    const rnd = lcg(7);
    for (let i = 0; i < 20000; i += 1) sut.add(40 + 20 * rnd());
    expect(sut.value()).toBeCloseTo(57, 0);
    expect(sut.count).toBe(20000);
  });

  it('is exact by nearest rank before five observations, and empty before one', () => {
    const sut = new P2QuantileEstimator(0.5);
    expect(sut.value()).toBeNull();
    [30, 10, 20].forEach((x) => sut.add(x));
    expect(sut.value()).toBe(20);
  });

  it('follows a stream that is not stationary in order (sorted input)', () => {
    const sut = new P2QuantileEstimator(0.85);
    for (let i = 1; i <= 1000; i += 1) sut.add(i);
    expect(Math.abs((sut.value() ?? 0) - 850)).toBeLessThan(15);
  });

  it('rejects a quantile outside (0, 1)', () => {
    expect(() => new P2QuantileEstimator(1)).toThrow(RangeError);
  });
});
