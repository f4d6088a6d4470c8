import { effectiveMinGreenS } from '@arterial/contracts/network';
import { MAX_TRANSITION_CYCLES, seekOffset } from './plan-transition';
import { demoJunction, T0, validPlan } from './testing/plan-factory';

describe(seekOffset.name, () => {
  const junction = demoJunction();
  const plan = validPlan(junction);
  const cycleMs = plan.cycleS * 1000;
  const mod = (a: number, m: number) => ((a % m) + m) % m;

  it('starts the new plan at once when the boundary already falls on its cycle start', () => {
    const boundaryMs = 1_700_000_000_000 - mod(1_700_000_000_000 - plan.offsetS * 1000, cycleMs);
    expect(seekOffset(junction, plan, boundaryMs)).toEqual({ cycles: [], targetStartMs: boundaryMs, targetOffsetMs: plan.offsetS * 1000 });
  });

  it.each(Array.from({ length: 30 }, (_, i) => i * 5_003))('reaches the plan offset within two cycles, greens within limits (boundary + %i ms)', (shiftMs) => {
    const boundaryMs = T0 + shiftMs;
    const sut = seekOffset(junction, plan, boundaryMs);
    expect(sut.cycles.length).toBeLessThanOrEqual(MAX_TRANSITION_CYCLES);
    expect(sut.targetOffsetMs).toBe(plan.offsetS * 1000);
    expect(mod(sut.targetStartMs - plan.offsetS * 1000, cycleMs)).toBe(0);
    let t = boundaryMs;
    for (const cycle of sut.cycles) {
      expect(cycle.startMs).toBe(t);
      t += cycle.lengthMs;
      for (const split of cycle.splits) {
        const phase = junction.phases.find((p) => p.id === split.phase)!;
        expect(split.greenS).toBeGreaterThanOrEqual(effectiveMinGreenS(phase));
        expect(split.greenS).toBeLessThanOrEqual(phase.maxGreenS);
      }
      const clearances = junction.phases.reduce((s, p) => s + (p.yellowS + p.allRedS) * 1000, 0);
      expect(cycle.splits.reduce((s, x) => s + Math.round(x.greenS * 1000), 0) + clearances).toBe(cycle.lengthMs);
    }
    expect(t).toBe(sut.targetStartMs);
  });

  it.each([1_000, 20_000, 45_000, 70_000])('keeps every transition cycle within the junction cycle bounds (boundary + %i ms)', (shiftMs) => {
    const bounded = { ...junction, cycleBounds: { minS: plan.cycleS - 5, maxS: plan.cycleS + 5 } };
    const sut = seekOffset(bounded, plan, T0 + shiftMs);
    for (const cycle of sut.cycles) {
      expect(cycle.lengthMs).toBeGreaterThanOrEqual((plan.cycleS - 5) * 1000);
      expect(cycle.lengthMs).toBeLessThanOrEqual((plan.cycleS + 5) * 1000);
    }
  });

  it('takes the short way: lengthens for a small lag, shortens for a small lead', () => {
    const aligned = T0 - mod(T0 - plan.offsetS * 1000, cycleMs);
    const lag = seekOffset(junction, plan, aligned - 10_000); // new cycle starts 10 s after the boundary
    expect(lag.cycles.map((c) => c.lengthMs)).toEqual([cycleMs + 10_000]);
    const lead = seekOffset(junction, plan, aligned + 10_000); // just missed it: shorten by 10 s
    expect(lead.cycles.map((c) => c.lengthMs)).toEqual([cycleMs - 10_000]);
  });

  it('spreads a change over two cycles when one cannot absorb it', () => {
    // 100 s leaves 8 s above the minimum greens plus clearances (92 s): a 10 s lead takes two shortened cycles.
    const tight = validPlan(junction, { cycleS: 100 });
    const tightMs = tight.cycleS * 1000;
    const aligned = T0 - mod(T0 - tight.offsetS * 1000, tightMs);
    const sut = seekOffset(junction, tight, aligned + 10_000);
    expect(sut.cycles.map((c) => c.lengthMs)).toEqual([95_000, 95_000]);
    expect(mod(sut.targetStartMs - tight.offsetS * 1000, tightMs)).toBe(0);
  });

  it('does what the limits allow and runs on with the residual offset when the offset is out of reach', () => {
    const rigid = { ...junction, phases: junction.phases.map((p) => ({ ...p, maxGreenS: effectiveMinGreenS(p) + 1, minGreenS: effectiveMinGreenS(p) })) };
    const greens = rigid.phases.map((p) => ({ phase: p.id, greenS: p.minGreenS }));
    const cycleS = greens.reduce((s, g) => s + g.greenS, 0) + rigid.phases.reduce((s, p) => s + p.yellowS + p.allRedS, 0);
    const sut = seekOffset(rigid, { cycleS, offsetS: 0, splits: greens }, T0 - mod(T0, cycleS * 1000) + 30_000);
    expect(sut.cycles).toHaveLength(MAX_TRANSITION_CYCLES);
    for (const c of sut.cycles) for (const s of c.splits) expect(s.greenS).toBeLessThanOrEqual(rigid.phases.find((p) => p.id === s.phase)!.maxGreenS);
    expect(sut.targetOffsetMs).toBe(mod(sut.targetStartMs, cycleS * 1000));
    expect(sut.targetOffsetMs).not.toBe(0);
  });
});
