// The plan safety rules live in the contracts package (the centre runs them too); they are exercised here
// against the reference controller's fixtures.
import { describePlanViolation, effectiveMinGreenS, planRejectionReason, planViolations, timingViolations, type IntersectionProperties, type PlanViolation, type PlanViolationRule } from '@arterial/contracts/network';
import { validatePayload, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { demoJunction, T0, validPlan } from './testing/plan-factory';

const rules = (violations: PlanViolation[]): PlanViolationRule[] => violations.map((v) => v.rule);

/** Moves `deltaS` of green from one phase to another, so the cycle still adds up. */
function shift(plan: SignalPlan, from: number, to: number, deltaS: number): SignalPlan {
  return {
    ...plan,
    splits: plan.splits.map((s) => (s.phase === from ? { ...s, greenS: s.greenS - deltaS } : s.phase === to ? { ...s, greenS: s.greenS + deltaS } : s)),
  };
}

describe(planViolations.name, () => {
  const junction = demoJunction();
  const sut = (plan: SignalPlan, nowMs = T0): PlanViolationRule[] => rules(planViolations(junction, plan, nowMs));

  it('accepts a plan within every limit', () => {
    expect(sut(validPlan(junction))).toEqual([]);
  });

  it('rejects a green below the phase minimum', () => {
    const plan = validPlan(junction);
    const left = plan.splits.find((s) => s.phase === 1)!;
    expect(sut(shift(plan, 1, 2, left.greenS - 6))).toEqual(['green-below-minimum']);
  });

  it('rejects a green below the pedestrian walk plus clearance even when the phase minimum is lower', () => {
    const lax: IntersectionProperties = { ...junction, phases: junction.phases.map((p) => (p.id === 2 ? { ...p, minGreenS: 10 } : p)) };
    const plan = validPlan(junction);
    const through = plan.splits.find((s) => s.phase === 2)!;
    const short = shift(plan, 2, 1, through.greenS - 20);
    const violations = planViolations(lax, short, T0);
    expect(violations).toEqual([{ rule: 'green-below-pedestrian', phase: 2, greenS: 20, pedestrianS: 27 }]);
    expect(effectiveMinGreenS(lax.phases.find((p) => p.id === 2)!)).toBe(27);
  });

  it('rejects a green above the phase maximum', () => {
    // 180 s: the longest cycle the default bounds allow, so only the maximum green breaks.
    const plan = validPlan(junction, { cycleS: 180 });
    const left = plan.splits.find((s) => s.phase === 1)!;
    expect(sut(shift(plan, 2, 1, 51 - left.greenS))).toEqual(['green-above-maximum']);
  });

  it('rejects greens plus clearances that do not fill the cycle exactly, either way', () => {
    const plan = validPlan(junction);
    expect(sut({ ...plan, cycleS: plan.cycleS + 1 })).toEqual(['cycle-mismatch']);
    expect(sut({ ...plan, cycleS: plan.cycleS - 1 })).toEqual(['cycle-mismatch']);
  });

  it('rejects a sequence phase without a split, a repeated split, an unknown phase and one outside the sequence', () => {
    const plan = validPlan(junction);
    expect(sut({ ...plan, splits: plan.splits.filter((s) => s.phase !== 3) })).toEqual(['missing-phase']);
    expect(sut({ ...plan, splits: [...plan.splits, plan.splits[0]!] })).toEqual(['duplicate-split']);
    expect(sut({ ...plan, splits: [...plan.splits, { phase: 9, greenS: 10 }] })).toEqual(['unknown-phase']);
    const outside: IntersectionProperties = { ...junction, sequence: junction.sequence.filter((id) => id !== 3) };
    expect(rules(planViolations(outside, plan, T0))).toEqual(['phase-not-in-sequence']);
  });

  it('rejects an offset outside [0, cycle)', () => {
    const plan = validPlan(junction);
    expect(sut({ ...plan, offsetS: plan.cycleS })).toEqual(['offset-out-of-range']);
    expect(sut({ ...plan, offsetS: -1 })).toEqual(['offset-out-of-range']);
  });

  it('rejects a plan that expired by controller time, and one issued more than the skew ahead of it', () => {
    const plan = validPlan(junction);
    expect(sut(plan, plan.expiresAt)).toEqual(['expired']);
    expect(sut(plan, plan.expiresAt - 1)).toEqual([]);
    expect(sut(plan, plan.issuedAt - 5 * 60_000)).toEqual([]);
    expect(sut(plan, plan.issuedAt - 5 * 60_000 - 1)).toEqual(['issued-in-future']);
    expect(rules(planViolations(junction, plan, plan.issuedAt - 1001, 1000))).toEqual(['issued-in-future']);
  });

  it('lists every violation, and names rule and phase in a reason the ack contract accepts', () => {
    const plan = validPlan(junction);
    const bad = { ...plan, offsetS: plan.cycleS, splits: plan.splits.map((s) => (s.phase === 2 ? { ...s, greenS: 20 } : s)) };
    const violations = planViolations(junction, bad, plan.expiresAt);
    expect(rules(violations)).toEqual(['green-below-minimum', 'green-below-pedestrian', 'cycle-mismatch', 'offset-out-of-range', 'expired']);
    const reason = planRejectionReason(violations);
    expect(reason).toMatch(/^green-below-minimum: phase 2 green 20 s < minimum 27 s; green-below-pedestrian: phase 2/);
    expect(reason.length).toBeLessThanOrEqual(256);
    expect(validatePayload('plan-ack', { planId: plan.planId, accepted: false, reason, ts: T0 }, { nowMs: T0 }).ok).toBe(true);
  });

  it('describes every rule with its code first', () => {
    const all: PlanViolation[] = [
      { rule: 'unknown-phase', phase: 9 },
      { rule: 'phase-not-in-sequence', phase: 5 },
      { rule: 'duplicate-split', phase: 2 },
      { rule: 'missing-phase', phase: 3 },
      { rule: 'green-below-minimum', phase: 1, greenS: 5, minGreenS: 7 },
      { rule: 'green-below-pedestrian', phase: 2, greenS: 20, pedestrianS: 27 },
      { rule: 'green-above-maximum', phase: 1, greenS: 60, maxGreenS: 50 },
      { rule: 'cycle-mismatch', totalS: 151, cycleS: 150 },
      { rule: 'offset-out-of-range', offsetS: 150, cycleS: 150 },
      { rule: 'expired', expiresAt: T0, nowMs: T0 },
      { rule: 'issued-in-future', issuedAt: T0, nowMs: 0, maxSkewMs: 300_000 },
    ];
    for (const v of all) expect(describePlanViolation(v).startsWith(`${v.rule}: `)).toBe(true);
  });

  it('applies the same timing rules to a local plan (no issue or expiry time)', () => {
    expect(timingViolations(junction, junction.fallbackPlan)).toEqual([]);
  });
});
