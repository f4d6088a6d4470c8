import { TurningRatios } from './turning-ratios';

describe(TurningRatios.name, () => {
  const sut = new TurningRatios('XA-D3_XA-D4', 42);

  it('gives shares that sum to 1, mostly through, and none to a missing exit', () => {
    const [left, through, right] = sut.sharesAt(8, [1, 1, 1]);
    expect(left + through + right).toBeCloseTo(1);
    expect(through).toBeGreaterThan(0.6);
    expect(sut.sharesAt(8, [0, 1, 1])[0]).toBe(0);
  });

  it('turns more off-peak and less into narrower streets, the same for the same seed', () => {
    expect(sut.sharesAt(3, [1, 1, 1])[0]).toBeGreaterThan(sut.sharesAt(8, [1, 1, 1])[0]);
    expect(sut.sharesAt(8, [0.5, 1, 1])[0]).toBeLessThan(sut.sharesAt(8, [1, 1, 1])[0]);
    expect(new TurningRatios('XA-D3_XA-D4', 42).sharesAt(12, [1, 1, 1])).toEqual(sut.sharesAt(12, [1, 1, 1]));
    expect(new TurningRatios('XA-D3_XA-D4', 43).sharesAt(12, [1, 1, 1])).not.toEqual(sut.sharesAt(12, [1, 1, 1]));
  });
});
