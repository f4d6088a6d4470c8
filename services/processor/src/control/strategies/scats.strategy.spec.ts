import { planChangeViolations, timingViolations, type PlanTiming } from '@arterial/contracts/network';
import { greenOf } from './green-allocation';
import { SCATS_CYCLE_STEP_S, SCATS_TARGET_DS, scats } from './scats.strategy';
import { contextOf, demandOf, flowForRatio, twoPhaseJunction } from './strategy-fixtures.spec-helper';

describe('scats', () => {
  it('converges to a highest degree of saturation near 0.9, moving the cycle at most one step per plan', () => {
    const junction = twoPhaseJunction('J', { cycleS: 90 });
    // y = 0.42 and 0.30, L = 10 s: the cycle holding DS at 0.9 is 10 / (1 − 0.72 / 0.9) = 50 s.
    const demand = demandOf(junction, { E: flowForRatio(0.42), W: flowForRatio(0.2), N: flowForRatio(0.3), S: flowForRatio(0.1) });
    let running: PlanTiming = { cycleS: 90, offsetS: 0, splits: [{ phase: 2, greenS: 40 }, { phase: 4, greenS: 40 }] };
    const cycles: number[] = [];
    for (let i = 0; i < 12; i++) {
      const context = contextOf(junction, running);
      const next = scats(junction, demand, context).timing;
      expect(timingViolations(junction, next)).toEqual([]);
      expect(planChangeViolations(running, next, junction)).toEqual([]);
      expect(Math.abs(next.cycleS - running.cycleS)).toBeLessThanOrEqual(SCATS_CYCLE_STEP_S);
      cycles.push(next.cycleS);
      running = next;
    }
    expect(cycles.slice(0, 3)).toEqual([84, 78, 72]);
    expect(running.cycleS).toBe(50);
    const ds = [0.42, 0.3].map((y, i) => (y * running.cycleS) / greenOf(running.splits, [2, 4][i]!));
    expect(Math.max(...ds)).toBeCloseTo(SCATS_TARGET_DS, 1);
    expect(Math.abs(ds[0]! - ds[1]!)).toBeLessThan(0.05);
  });

  it('lengthens the cycle of an oversaturated junction and explains the degree of saturation it saw', () => {
    const junction = twoPhaseJunction('J', { cycleS: 60 });
    const demand = demandOf(junction, { E: flowForRatio(0.45), W: 0, N: flowForRatio(0.35), S: 0 });
    const sut = scats(junction, demand, contextOf(junction));
    expect(sut.timing.cycleS).toBe(66);
    // running 60 s with 25 s greens: DS = 0.45 · 60 / 25
    expect(sut.explanation.inputs.phases[0]!.degreeOfSaturation).toBeCloseTo(1.08, 3);
    expect(sut.explanation.inputs.extra?.['highestDs']).toBeCloseTo(1.08, 2);
    expect(sut.explanation.reason).toMatch(/highest DS 1\.08/);
  });
});
