import { PlanSchedule, type ScheduledPlan } from './plan-schedule';
import { sequenceProblems, walk } from './testing/signal-timeline';
import { demoJunction, T0, validPlan } from './testing/plan-factory';

describe(PlanSchedule.name, () => {
  const junction = demoJunction();
  const { planId, ...fallbackTiming } = junction.fallbackPlan;
  const fallback: ScheduledPlan = { planId, mode: 'fixed', timing: fallbackTiming };
  const centre = (offsetS: number, cycleS?: number): ScheduledPlan => {
    const plan = validPlan(junction, { offsetS, ...(cycleS ? { cycleS } : {}) });
    return { planId: plan.planId, mode: 'adaptive', timing: plan };
  };
  const HOUR = 3_600_000;

  it('has a sequence checker that notices a short green, a cut clearance and a skipped phase', () => {
    const steps = [
      { tMs: 0, phase: 3, state: 'all-red' as const },
      { tMs: 1000, phase: 2, state: 'green' as const },
      { tMs: 11_000, phase: 2, state: 'yellow' as const }, // 10 s green: below 27 s
      { tMs: 13_000, phase: undefined, state: 'all-red' as const }, // yellow of 2 s instead of 4
      { tMs: 15_000, phase: 4, state: 'green' as const }, // phase 1 skipped
      { tMs: 60_000, phase: 4, state: 'yellow' as const },
    ];
    const problems = sequenceProblems(junction, steps);
    expect(problems.join('\n')).toMatch(/phase 2 green 10000 ms below its minimum/);
    expect(problems.join('\n')).toMatch(/phase 2 yellow 2000 ms/);
    expect(problems.join('\n')).toMatch(/phase 4 follows 2 out of sequence/);
  });

  it('keeps running its plan until told otherwise', () => {
    const sut = new PlanSchedule(junction, fallback);
    expect(sut.at(T0)).toMatchObject({ planId, mode: 'fixed', transition: false });
    expect(sequenceProblems(junction, walk(sut, T0, T0 + HOUR))).toEqual([]);
  });

  it.each([0, 13, 37.5, 71, 99, 140])('switches at the next cycle boundary and reaches offset %s s within two cycles, never cutting a green or a clearance', (offsetS) => {
    const sut = new PlanSchedule(junction, fallback);
    const orderAt = T0 + 23_456;
    const boundary = sut.switchTo(centre(offsetS), orderAt);
    expect(boundary).toBeGreaterThan(orderAt);
    expect(sut.at(boundary - 1).planId).toBe(planId);
    expect(sut.at(boundary)).toMatchObject({ planId: 'centre-1', mode: 'adaptive' });
    // The old plan's cycle starts at its own offset: the switch is at one of its boundaries.
    expect((boundary - fallbackTiming.offsetS * 1000) % (fallbackTiming.cycleS * 1000)).toBe(0);
    const settled = boundary + 2 * 350_000;
    expect(sut.at(settled)).toMatchObject({ planId: 'centre-1', transition: false });
    expect(sut.at(settled).timer.plan.offsetS).toBe(offsetS);
    expect(sequenceProblems(junction, walk(sut, T0, T0 + HOUR))).toEqual([]);
  });

  it('replaces a change not yet begun, and a change ordered mid-transition waits for the transition cycle to end', () => {
    const sut = new PlanSchedule(junction, fallback);
    const first = sut.switchTo(centre(50), T0);
    const again = sut.switchTo(centre(90, 120), T0 + 1000);
    expect(again).toBe(first);
    expect(sut.target.timing.cycleS).toBe(120);
    const inTransition = sut.at(first + 1000);
    expect(inTransition.transition).toBe(true);
    const back = sut.switchTo(fallback, first + 1000);
    expect(back).toBe(inTransition.endMs);
    expect(sut.target.planId).toBe(planId);
    expect(sequenceProblems(junction, walk(sut, T0, T0 + HOUR))).toEqual([]);
  });

  it('returns to the local plan the same way', () => {
    const sut = new PlanSchedule(junction, fallback);
    const toCentre = sut.switchTo(centre(33), T0);
    const back = sut.switchTo(fallback, toCentre + 600_000);
    expect(sut.at(back + 2 * 350_000)).toMatchObject({ planId, mode: 'fixed', transition: false });
    expect(sut.at(back + 2 * 350_000).timer.plan.offsetS).toBe(fallbackTiming.offsetS);
    expect(sequenceProblems(junction, walk(sut, T0, T0 + HOUR))).toEqual([]);
  });
});
