import type { PhaseDefinition } from '@arterial/contracts/network';
import { allocateSplits, cycleNeededS, greenWaveOffsetS, lostTimeS } from './timing-plan';

const phase = (id: number, minGreenS: number, maxGreenS: number): PhaseDefinition => ({
  id,
  name: `phase ${id}`,
  movements: [],
  minGreenS,
  maxGreenS,
  yellowS: 3,
  allRedS: 1.5,
});

describe(allocateSplits.name, () => {
  const phases = [phase(2, 27, 100), phase(1, 7, 50), phase(4, 19, 100), phase(3, 7, 50)];
  const sequence = [2, 1, 4, 3];
  const sut = allocateSplits;

  it('fills the cycle exactly, in half seconds, within min and max greens', () => {
    const ratios = new Map([
      [2, 0.3],
      [1, 0.1],
      [4, 0.2],
      [3, 0.05],
    ]);
    const splits = sut(phases, sequence, ratios, 120);
    const total = splits.reduce((s, x) => s + x.greenS, 0) + lostTimeS(phases, sequence);
    expect(total).toBe(120);
    for (const s of splits) {
      const p = phases.find((x) => x.id === s.phase)!;
      expect(s.greenS).toBeGreaterThanOrEqual(p.minGreenS);
      expect(s.greenS).toBeLessThanOrEqual(p.maxGreenS);
      expect((s.greenS * 2) % 1).toBe(0);
    }
    expect(splits.map((s) => s.phase)).toEqual(sequence);
  });

  it('gives the heavier phase more green', () => {
    const splits = sut(phases, sequence, new Map([[2, 0.4], [1, 0.1], [4, 0.3], [3, 0.1]]), 140);
    expect(splits[0]!.greenS).toBeGreaterThan(splits[2]!.greenS);
  });

  it('refuses a cycle too short for the minimum greens', () => {
    expect(() => sut(phases, sequence, new Map(), 60)).toThrow(/minimum greens/);
  });

  it('sizes the cycle to demand and to the minimum greens', () => {
    const light = cycleNeededS(phases, sequence, new Map([[2, 0.1], [4, 0.1]]));
    const heavy = cycleNeededS(phases, sequence, new Map([[2, 0.35], [1, 0.15], [4, 0.3], [3, 0.1]]));
    expect(light).toBe(60 + lostTimeS(phases, sequence));
    expect(heavy).toBeGreaterThan(light);
  });

  it('offsets green for a platoon travelling at the progression speed', () => {
    expect(greenWaveOffsetS(500, 36, 0, 120)).toBe(50);
    expect(greenWaveOffsetS(500, 36, 60, 120)).toBe(110);
  });
});
