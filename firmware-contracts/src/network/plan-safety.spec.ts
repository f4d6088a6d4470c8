import * as fs from 'node:fs';
import * as path from 'node:path';
import { intersectionsOf, parseNetworkModel, type IntersectionProperties } from './network.schema';
import type { SignalPlan } from '../mqtt/v1/schemas';
import { DEFAULT_CYCLE_BOUNDS, describePlanViolation, effectiveMinGreenS, planChangeViolations, planRejectionReason, planViolations, timingViolations } from './plan-safety';

// The committed demo network: its fixed-time fallback plans are, by construction, safe plans.
const demo = parseNetworkModel(JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'networks', 'demo.geojson'), 'utf8')));
const junction: IntersectionProperties = intersectionsOf(demo)[0]!.properties;
const NOW = Date.UTC(2026, 0, 15, 8);

function planFromFallback(overrides: Partial<SignalPlan> = {}): SignalPlan {
  const { cycleS, offsetS, splits } = junction.fallbackPlan;
  return { planId: 'p1', issuedAt: NOW, expiresAt: NOW + 900_000, cycleS, offsetS, splits: splits.map((s) => ({ ...s })), reason: 'spec', ...overrides };
}

describe('plan safety rules', () => {
  it('accepts the junction’s own fallback timing', () => {
    expect(planViolations(junction, planFromFallback(), NOW)).toEqual([]);
  });

  it('names the pedestrian rule when a green is too short for the crossing', () => {
    const pedPhase = junction.phases.find((p) => p.pedestrian)!;
    const plan = planFromFallback();
    const split = plan.splits.find((s) => s.phase === pedPhase.id)!;
    const cut = split.greenS - (effectiveMinGreenS(pedPhase) - 1);
    split.greenS -= cut;
    plan.splits.find((s) => s.phase !== pedPhase.id)!.greenS += cut;
    const violations = planViolations(junction, plan, NOW);
    expect(violations.map((v) => v.rule)).toContain(pedPhase.pedestrian && pedPhase.minGreenS < effectiveMinGreenS(pedPhase) ? 'green-below-pedestrian' : 'green-below-minimum');
    expect(planRejectionReason(violations)).toMatch(`phase ${pedPhase.id}`);
  });

  it('refuses a cycle budget that does not add up', () => {
    expect(planViolations(junction, planFromFallback({ cycleS: junction.fallbackPlan.cycleS + 7 }), NOW).map((v) => v.rule)).toEqual(['cycle-mismatch']);
  });

  it('refuses a plan that drops a phase or has expired', () => {
    const plan = planFromFallback({ expiresAt: NOW - 1 });
    plan.splits = plan.splits.slice(1);
    expect(planViolations(junction, plan, NOW).map((v) => v.rule)).toEqual(expect.arrayContaining(['missing-phase', 'expired']));
  });
});

describe('plan safety rules, v1.1', () => {
  const rules = (plan: SignalPlan, j: IntersectionProperties = junction) => planViolations(j, plan, NOW).map((v) => v.rule);
  const actuated = (window: (greenS: number, phase: number) => { minGreenS: number; maxGreenS: number }): SignalPlan => {
    const plan = planFromFallback();
    plan.splits = plan.splits.map((s) => ({ ...s, actuation: { ...window(s.greenS, s.phase), passageS: 3 } }));
    return plan;
  };

  it('keeps the cycle within the junction’s bounds, 30-180 s by default', () => {
    expect(DEFAULT_CYCLE_BOUNDS).toEqual({ minS: 30, maxS: 180 });
    const narrow = { ...junction, cycleBounds: { minS: 60, maxS: 120 } };
    expect(planViolations(narrow, planFromFallback(), NOW)).toEqual([{ rule: 'cycle-out-of-bounds', cycleS: junction.fallbackPlan.cycleS, minS: 60, maxS: 120 }]);
  });

  it('accepts actuation windows within the phase limits around the split green', () => {
    const plan = actuated((greenS, phase) => ({ minGreenS: effectiveMinGreenS(junction.phases.find((p) => p.id === phase)!), maxGreenS: greenS + 5 }));
    expect(rules({ ...plan, coordinatedPhase: 2 })).toEqual([]);
  });

  it('refuses an actuation minimum below the pedestrian minimum, a maximum above the phase maximum, and a green outside its window', () => {
    const ped = junction.phases.find((p) => p.pedestrian)!;
    const below = actuated((greenS) => ({ minGreenS: 1, maxGreenS: greenS }));
    expect(rules(below)).toContain('actuation-below-minimum');
    expect(planViolations(junction, below, NOW)).toContainEqual({ rule: 'actuation-below-minimum', phase: ped.id, minGreenS: 1, effectiveMinGreenS: effectiveMinGreenS(ped) });
    expect(rules(actuated((greenS) => ({ minGreenS: greenS, maxGreenS: 301 })))).toContain('actuation-above-maximum');
    expect(rules(actuated((greenS) => ({ minGreenS: greenS + 1, maxGreenS: greenS + 2 })))).toContain('green-outside-actuation');
  });

  it('needs the coordinated phase in the sequence', () => {
    expect(rules({ ...planFromFallback(), coordinatedPhase: 9 })).toEqual(['coordinated-phase-not-in-sequence']);
  });

  it('v1.3: lets a phase be skipped without a call, but never the first of the sequence, the coordinated phase or a pedestrian phase', () => {
    const skipping = (phases: (id: number) => boolean, coordinatedPhase?: number): SignalPlan => {
      const plan = actuated((greenS, phase) => ({ minGreenS: effectiveMinGreenS(junction.phases.find((p) => p.id === phase)!), maxGreenS: greenS + 5 }));
      plan.splits = plan.splits.map((s) => ({ ...s, actuation: { ...s.actuation!, skipWithoutCall: phases(s.phase) } }));
      return coordinatedPhase === undefined ? plan : { ...plan, coordinatedPhase };
    };
    const [first, ...rest] = junction.sequence;
    const vehicleOnly = rest.filter((id) => !junction.phases.find((p) => p.id === id)!.pedestrian);
    const pedestrian = junction.phases.find((p) => p.pedestrian && p.id !== first)!;
    expect(vehicleOnly.length).toBeGreaterThan(0);
    expect(rules(skipping((id) => vehicleOnly.includes(id)))).toEqual([]);
    expect(planViolations(junction, skipping((id) => id === first), NOW)).toEqual([{ rule: 'skip-not-allowed', phase: first, reason: 'first-phase' }]);
    expect(planViolations(junction, skipping((id) => id === pedestrian.id), NOW)).toEqual([{ rule: 'skip-not-allowed', phase: pedestrian.id, reason: 'pedestrian' }]);
    expect(planViolations(junction, skipping((id) => id === vehicleOnly[0], vehicleOnly[0]), NOW)).toEqual([
      { rule: 'skip-not-allowed', phase: vehicleOnly[0], reason: 'coordinated-phase' },
    ]);
    expect(describePlanViolation({ rule: 'skip-not-allowed', phase: 3, reason: 'pedestrian' })).toBe('skip-not-allowed: phase 3 must be served every cycle (pedestrian)');
  });

  it('bounds the change from one plan to the next, both cycle and greens', () => {
    const before = planFromFallback();
    const after = planFromFallback({ cycleS: before.cycleS + 30 });
    after.splits[0]!.greenS += 30;
    expect(planChangeViolations(before, after, junction).map((v) => v.rule)).toEqual(['cycle-change-too-large', 'green-change-too-large']);
    expect(planChangeViolations(before, after, { ...junction, maxChangePerCycleS: 30 })).toEqual([]);
    expect(timingViolations(junction, before)).toEqual([]);
  });

  it('describes every new rule with its code first', () => {
    const plan = actuated((greenS) => ({ minGreenS: 1, maxGreenS: greenS }));
    for (const v of planViolations({ ...junction, cycleBounds: { minS: 30, maxS: 60 } }, { ...plan, coordinatedPhase: 9 }, NOW)) {
      expect(describePlanViolation(v).startsWith(`${v.rule}: `)).toBe(true);
    }
  });
});
