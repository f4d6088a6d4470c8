/** Properties of the interval formulas and the conflict monitor's check, over random inputs. */
import * as fc from 'fast-check';
import { conflictingGreens } from './junction-safety';
import { allRedClearanceS, iteYellowS, MAX_YELLOW_S, MIN_YELLOW_S, pedestrianClearanceS } from './safety-intervals';

const speed = fc.integer({ min: 10, max: 1200 }).map((x) => x / 10);
const grade = fc.integer({ min: -100, max: 100 }).map((x) => x / 1000);

describe('safety intervals (property)', () => {
  it('yellow stays within 3-6 s, grows with speed and with a downhill grade', () => {
    fc.assert(
      fc.property(speed, speed, grade, grade, (v1, v2, g1, g2) => {
        const y = iteYellowS(v1, g1);
        expect(y).toBeGreaterThanOrEqual(MIN_YELLOW_S);
        expect(y).toBeLessThanOrEqual(MAX_YELLOW_S);
        if (v1 <= v2) expect(iteYellowS(v1, g1)).toBeLessThanOrEqual(iteYellowS(v2, g1));
        if (g1 <= g2) expect(iteYellowS(v1, g1)).toBeGreaterThanOrEqual(iteYellowS(v1, g2));
      }),
      { numRuns: 25_000 },
    );
  });

  it('all-red covers the crossing plus a vehicle at the approach speed; pedestrian clearance covers the crossing at 1.07 m/s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 800 }).map((x) => x / 10), speed, (widthM, v) => {
        const allRed = allRedClearanceS(widthM, v);
        expect(allRed * (v / 3.6)).toBeCloseTo(widthM + 6, 9);
        expect(allRedClearanceS(widthM + 1, v)).toBeGreaterThan(allRed);
        expect(pedestrianClearanceS(widthM) * 1.07).toBeCloseTo(widthM, 9);
      }),
      { numRuns: 15_000 },
    );
  });

  it('the conflict check finds exactly the listed pairs that are both green', () => {
    const pair = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }));
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 20 }), fc.uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 8 }), (conflicts, greens) => {
        const found = conflictingGreens({ conflicts }, greens);
        const expected = new Set(conflicts.filter(([a, b]) => a !== b && greens.includes(a) && greens.includes(b)).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`));
        expect(found.map(([a, b]) => `${a}-${b}`).sort()).toEqual([...expected].sort());
        for (const [a, b] of found) expect(a).toBeLessThan(b);
      }),
      { numRuns: 15_000 },
    );
  });
});
