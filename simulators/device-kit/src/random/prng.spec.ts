import { hashSeed, mulberry32, Rng } from './prng';

describe(Rng.name, () => {
  it('repeats the same stream for the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
  });

  it('derives different streams per key', () => {
    expect(hashSeed('detector:A', 1)).not.toBe(hashSeed('detector:B', 1));
    expect(hashSeed('detector:A', 1)).not.toBe(hashSeed('detector:A', 2));
    expect(Rng.forKey('detector:A', 1).uniform()).not.toBe(Rng.forKey('detector:B', 1).uniform());
  });

  it('draws uniform values in [0, 1) and Poisson counts with the right mean', () => {
    const sut = new Rng(7);
    const next = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const u = next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
    let total = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) total += sut.poisson(0.3);
    expect(total / n).toBeCloseTo(0.3, 1);
  });

  it('picks whole numbers below a bound', () => {
    const sut = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(sut.index(4));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(() => sut.index(0)).toThrow(/positive/);
  });
});
