import { allRedClearanceS, iteYellowS, MAX_YELLOW_S, MIN_YELLOW_S, minimumWalkS, pedestrianClearanceS } from './safety-intervals';

describe('safety intervals', () => {
  describe(iteYellowS.name, () => {
    it('follows Y = t + v / (2a + 2Gg) on the level', () => {
      // 60 km/h = 16.67 m/s: 1 + 16.67 / 6.1 = 3.73 s
      expect(iteYellowS(60)).toBeCloseTo(1 + 60 / 3.6 / 6.1, 6);
    });

    it('needs more yellow downhill than uphill', () => {
      expect(iteYellowS(60, -0.04)).toBeGreaterThan(iteYellowS(60, 0));
      expect(iteYellowS(60, 0.04)).toBeLessThan(iteYellowS(60, 0));
      expect(iteYellowS(60, -0.04)).toBeCloseTo(1 + 60 / 3.6 / (6.1 - 2 * 0.04 * 9.81), 6);
    });

    it('clamps to the MUTCD range', () => {
      expect(iteYellowS(20)).toBe(MIN_YELLOW_S);
      expect(iteYellowS(120)).toBe(MAX_YELLOW_S);
      expect(iteYellowS(50, -0.5)).toBe(MAX_YELLOW_S);
    });
  });

  it('clears the crossing plus a vehicle length at the approach speed', () => {
    expect(allRedClearanceS(18, 54)).toBeCloseTo(24 / 15, 6);
    expect(allRedClearanceS(18, 54, 12)).toBeCloseTo(30 / 15, 6);
    expect(() => allRedClearanceS(18, 0)).toThrow(RangeError);
  });

  it('clears pedestrians at 1.07 m/s and walks 7 s (4 s at low volume)', () => {
    expect(pedestrianClearanceS(21.4)).toBeCloseTo(20, 6);
    expect(minimumWalkS()).toBe(7);
    expect(minimumWalkS(true)).toBe(4);
  });
});
