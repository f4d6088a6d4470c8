import { coordinatedCycleSecond, MAX_GREEN_FACTOR, MAX_TRANSITION_CYCLES, planOffsetTransition, type TransitionInput } from './offset-transition';

/** 2x2 grid light: greens 60 and 24, two 3 s yellows, 90 s cycle. */
const base: Omit<TransitionInput, 'boundaryEpochMs' | 'offsetS'> = { greensS: [60, 24], clearanceS: 6, cycleS: 90, minGreenS: 5 };
const T0 = 1_800_000_000_000; // a whole multiple of 90 s: coordinated position 0 with offset 0

/** Epoch ms where the transition ends, walking its cycles from the boundary. */
function endOf(input: TransitionInput, cycles: number[][]): number {
  return cycles.reduce((t, greens) => t + (greens.reduce((a, b) => a + b, 0) + input.clearanceS) * 1000, input.boundaryEpochMs);
}

describe('planOffsetTransition', () => {
  it('keys the coordinated position to the epoch: (t − offset) mod cycle', () => {
    expect(T0 % 90_000).toBe(0);
    expect(coordinatedCycleSecond(T0, 90, 0)).toBe(0);
    expect(coordinatedCycleSecond(T0 + 10_000, 90, 25)).toBe(75);
    expect(coordinatedCycleSecond(T0 + 25_500, 90, 25)).toBe(0.5);
  });

  it('does nothing when the boundary is already a coordinated cycle start', () => {
    expect(planOffsetTransition({ ...base, offsetS: 0, boundaryEpochMs: T0 })).toEqual({ cycles: [], shiftS: 0, residualS: 0 });
    expect(planOffsetTransition({ ...base, offsetS: 37, boundaryEpochMs: T0 + 37_000 + 5 * 90_000 })).toEqual({ cycles: [], shiftS: 0, residualS: 0 });
  });

  it('reaches the offset within two cycles from 30 start positions, inside the green limits, the short way', () => {
    for (let k = 0; k < 30; k++) {
      const input: TransitionInput = { ...base, offsetS: (k * 7) % 90, boundaryEpochMs: T0 + k * 3_000 + 1_000 };
      const out = planOffsetTransition(input);
      expect(out.cycles.length).toBeGreaterThan(0);
      expect(out.cycles.length).toBeLessThanOrEqual(MAX_TRANSITION_CYCLES);
      expect(out.residualS).toBe(0);
      // The plan's cycle starts, unmodified, exactly when (t − offset) mod cycle = 0.
      expect(coordinatedCycleSecond(endOf(input, out.cycles), input.cycleS, input.offsetS)).toBe(0);
      for (const greens of out.cycles) {
        greens.forEach((g, i) => {
          expect(g).toBeGreaterThanOrEqual(base.minGreenS);
          expect(g).toBeLessThanOrEqual(MAX_GREEN_FACTOR * base.greensS[i]!);
        });
        expect(Number.isInteger(greens.reduce((a, b) => a + b, 0))).toBe(true);
      }
      // Short way: never moves more than half a cycle unless the shorter direction does not fit.
      const ahead = (90 - coordinatedCycleSecond(input.boundaryEpochMs, 90, input.offsetS)) % 90;
      const shortest = Math.min(ahead, 90 - ahead);
      expect(Math.abs(out.shiftS)).toBe(shortest);
      expect(Math.sign(out.shiftS)).toBe(ahead <= 45 ? 1 : -1);
    }
  });

  it('uses one cycle when the change fits in one and two when it does not', () => {
    // 10 s ahead: lengthen by 10 in one cycle.
    const small = planOffsetTransition({ ...base, offsetS: 10, boundaryEpochMs: T0 });
    expect(small.cycles).toEqual([[68, 26]]); // 10 s shared by room: 60 and 24 s
    // 30 s behind: shortening room per cycle is 55 + 19 = 74, so one cycle.
    const behind = planOffsetTransition({ ...base, offsetS: 60, boundaryEpochMs: T0 });
    expect(behind.shiftS).toBe(-30);
    expect(behind.cycles).toHaveLength(1);
    // Greens 6 + 6 over a 20 s cycle: 16 s ahead, so shorten by 4, but only 1 + 1 s per cycle may go: two cycles.
    const two = planOffsetTransition({ greensS: [6, 6], clearanceS: 8, cycleS: 20, minGreenS: 5, offsetS: 16, boundaryEpochMs: T0 });
    expect(two).toEqual({ cycles: [[5, 5], [5, 5]], shiftS: -4, residualS: 0 });
  });

  it('does the most it may, never breaking a limit, when min and max greens leave no room', () => {
    const stuck: TransitionInput = { greensS: [5, 5], clearanceS: 40, cycleS: 50, minGreenS: 5, offsetS: 25, boundaryEpochMs: T0 };
    const out = planOffsetTransition(stuck);
    // Lengthening room is 10 s per cycle (greens may double): 20 s over two cycles of the 25 s needed.
    expect(out.cycles).toEqual([[10, 10], [10, 10]]);
    expect(out.shiftS).toBe(20);
    expect(out.residualS).toBe(5);
  });

  it('never stretches a cycle beyond the contract maximum of 600 s', () => {
    const long: TransitionInput = { greensS: [290, 290], clearanceS: 10, cycleS: 590, minGreenS: 5, offsetS: 200, boundaryEpochMs: T0 };
    const out = planOffsetTransition(long);
    for (const greens of out.cycles) expect(greens[0]! + greens[1]! + 10).toBeLessThanOrEqual(600);
    expect(out.residualS).toBe(0);
  });

  it.each([10, 30, 45, 60, 80])('keeps transition cycles within the junction cycle bounds and phase maximum greens (offset %i s)', (offsetS) => {
    const bounded: TransitionInput = { ...base, maxGreensS: [64, 40], cycleBounds: { minS: 80, maxS: 100 }, offsetS, boundaryEpochMs: T0 };
    const out = planOffsetTransition(bounded);
    for (const greens of out.cycles) {
      const cycleS = greens[0]! + greens[1]! + base.clearanceS;
      expect(cycleS).toBeGreaterThanOrEqual(80);
      expect(cycleS).toBeLessThanOrEqual(100);
      expect(greens[0]).toBeLessThanOrEqual(64);
      expect(greens[1]).toBeLessThanOrEqual(40);
    }
  });
});
