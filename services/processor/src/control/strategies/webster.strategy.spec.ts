import { planChangeViolations, timingViolations } from '@arterial/contracts/network';
import { contextOf, demandOf, flowForRatio, twoPhaseJunction } from './strategy-fixtures.spec-helper';
import { webster, websterCycleS } from './webster.strategy';

describe('webster', () => {
  it('computes the textbook optimum cycle C0 = (1.5 L + 5) / (1 − Y)', () => {
    expect(websterCycleS(10, 0.5)).toBeCloseTo(40, 9);
    expect(websterCycleS(16, 0.6)).toBeCloseTo(72.5, 9);
    expect(websterCycleS(10, 0.9)).toBe(Number.POSITIVE_INFINITY);
  });

  it('times a two-phase junction: y = 0.3 and 0.2, L = 10 s give a 40 s cycle and greens 18 s and 12 s', () => {
    const junction = twoPhaseJunction('J', { cycleS: 40, minGreenS: 5 });
    const demand = demandOf(junction, { E: flowForRatio(0.3), W: flowForRatio(0.25), N: flowForRatio(0.2), S: flowForRatio(0.1) });
    const sut = webster(junction, demand, contextOf(junction));
    expect(sut.timing).toEqual({ cycleS: 40, offsetS: 0, splits: [{ phase: 2, greenS: 18 }, { phase: 4, greenS: 12 }] });
    expect(timingViolations(junction, sut.timing)).toEqual([]);
    expect(sut.explanation).toMatchObject({ strategy: 'webster', source: 'engine', chosen: { cycleS: 40 } });
    expect(sut.explanation.inputs.phases.map((p) => p.flowRatio)).toEqual([0.3, 0.2]);
    expect(sut.explanation.inputs.extra).toMatchObject({ lostTimeS: 10, criticalY: 0.5, websterCycleS: 40 });
    expect(sut.explanation.reason).toMatch(/C0 = 40\.0 s/);
  });

  it('runs the longest cycle when Y reaches 0.9, stepping there within the change limit', () => {
    const junction = twoPhaseJunction('J', { cycleS: 100 });
    const demand = demandOf(junction, { E: flowForRatio(0.5), W: flowForRatio(0.5), N: flowForRatio(0.45), S: flowForRatio(0.45) });
    const context = contextOf(junction);
    const sut = webster(junction, demand, context);
    expect(sut.timing.cycleS).toBe(120);
    expect(planChangeViolations(context.running, sut.timing, junction)).toEqual([]);
    expect(sut.explanation.reason).toMatch(/oversaturated/);
  });

  it('keeps pedestrian minimums and whole-second greens summing to the cycle', () => {
    const junction = twoPhaseJunction('J', { cycleS: 60 });
    junction.phases[1]!.pedestrian = { walkS: 7, clearanceS: 15 };
    const demand = demandOf(junction, { E: flowForRatio(0.5), W: 100, N: 10, S: 10 });
    const sut = webster(junction, demand, contextOf(junction));
    expect(sut.timing.splits.find((s) => s.phase === 4)!.greenS).toBeGreaterThanOrEqual(22);
    expect(sut.timing.splits.every((s) => Number.isInteger(s.greenS))).toBe(true);
    expect(timingViolations(junction, sut.timing)).toEqual([]);
  });
});
