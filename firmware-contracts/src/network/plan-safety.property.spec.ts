/**
 * Properties of the one safety rule set over random junctions and plans: whatever timingViolations and
 * planViolations accept keeps every rule, checked here independently of their code; every plan built within the
 * limits is accepted; planChangeViolations accepts exactly the bounded changes.
 */
import * as fc from 'fast-check';
import type { PlanSplit, SignalPlan } from '../mqtt/v1/schemas';
import type { PhaseDefinition } from './network.schema';
import { cycleBoundsOf, effectiveMinGreenS, maxChangePerCycleSOf, planChangeViolations, planViolations, timingViolations, type JunctionLimits, type PlanTiming } from './plan-safety';

const NOW = Date.UTC(2026, 0, 15, 8);
const EPS = 1e-6;
const half = (lo: number, hi: number) => fc.integer({ min: lo * 2, max: hi * 2 }).map((x) => x / 2);
/** A share in [0, 1] in thousandths: integers generate faster than doubles. */
const share = fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000);

const phaseArb = (id: number): fc.Arbitrary<PhaseDefinition> =>
  fc
    .record({
      minGreenS: half(0, 20),
      extraMaxS: half(0, 60),
      yellowS: half(3, 6),
      allRedS: half(0, 3),
      pedestrian: fc.option(fc.record({ walkS: half(4, 10), clearanceS: half(0, 25) }), { nil: undefined }),
    })
    .map(({ minGreenS, extraMaxS, yellowS, allRedS, pedestrian }) => {
      const phase: PhaseDefinition = { id, name: `P${id}`, movements: [], minGreenS, maxGreenS: 0, yellowS, allRedS, ...(pedestrian ? { pedestrian } : {}) };
      return { ...phase, maxGreenS: effectiveMinGreenS(phase) + extraMaxS };
    });

const junctionArb: fc.Arbitrary<JunctionLimits> = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc
    .record({
      phases: fc.tuple(...Array.from({ length: n }, (_, i) => phaseArb(i + 1))),
      // Some junctions serve only part of their phases in the sequence.
      dropLast: fc.boolean(),
      cycleBounds: fc.option(fc.tuple(fc.integer({ min: 20, max: 120 }), fc.integer({ min: 0, max: 200 })), { nil: undefined }),
      maxChangePerCycleS: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    })
    .map(({ phases, dropLast, cycleBounds, maxChangePerCycleS }) => ({
      phases,
      sequence: phases.map((p) => p.id).slice(0, dropLast && n > 2 ? n - 1 : n),
      ...(cycleBounds ? { cycleBounds: { minS: cycleBounds[0], maxS: cycleBounds[0] + cycleBounds[1] } } : {}),
      ...(maxChangePerCycleS ? { maxChangePerCycleS } : {}),
    })),
);

/** A plan built within every limit (the cycle is whatever the greens add up to), or a random one near it. */
function planArb(junction: JunctionLimits): fc.Arbitrary<{ plan: PlanTiming; built: boolean }> {
  const inSequence = junction.sequence.map((id) => junction.phases.find((p) => p.id === id)!);
  const built = fc
    .record({
      shares: fc.array(share, { minLength: inSequence.length, maxLength: inSequence.length }),
      actuate: fc.boolean(),
      passageS: half(0.5, 10),
      coordinated: fc.option(fc.integer({ min: 0, max: inSequence.length - 1 }), { nil: undefined }),
      offsetShare: share.map((x) => x * 0.999),
    })
    .map(({ shares, actuate, passageS, coordinated, offsetShare }) => {
      const splits: PlanSplit[] = inSequence.map((p, i) => {
        const min = effectiveMinGreenS(p);
        const greenS = min + Math.floor(shares[i]! * (p.maxGreenS - min) * 2) / 2;
        return actuate ? { phase: p.id, greenS, actuation: { minGreenS: min, maxGreenS: p.maxGreenS, passageS } } : { phase: p.id, greenS };
      });
      const cycleS = inSequence.reduce((sum, p, i) => sum + splits[i]!.greenS + p.yellowS + p.allRedS, 0);
      const plan: PlanTiming = { cycleS, offsetS: Math.floor(offsetShare * cycleS * 2) / 2, splits };
      if (coordinated !== undefined) plan.coordinatedPhase = inSequence[coordinated]!.id;
      return { plan, built: true };
    });
  const mutated = fc
    .tuple(built, fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: inSequence.length - 1 }), half(-20, 20))
    .map(([{ plan }, what, i, delta]) => {
      const splits = plan.splits.map((s) => ({ ...s, ...(s.actuation ? { actuation: { ...s.actuation } } : {}) }));
      const next: PlanTiming = { ...plan, splits };
      const split = splits[i]!;
      if (what === 0) split.greenS = Math.max(0, split.greenS + delta);
      else if (what === 1) next.cycleS = Math.max(1, plan.cycleS + delta);
      else if (what === 2) next.offsetS = Math.max(0, plan.offsetS + plan.cycleS * (delta > 0 ? 1 : 0) + delta);
      else if (what === 3) splits.splice(i, 1);
      else if (what === 4) splits.push({ ...split });
      else if (what === 5 && split.actuation) split.actuation.minGreenS = Math.max(0, split.actuation.minGreenS + delta);
      else if (what === 6 && split.actuation) split.actuation.maxGreenS = Math.max(0, split.actuation.maxGreenS + delta);
      else next.coordinatedPhase = 1 + ((i + Math.abs(delta) * 2) % 8);
      return { plan: next, built: false };
    });
  return fc.oneof(built, mutated);
}

/** Every rule, written out independently of plan-safety.ts. */
function brokenRules(junction: JunctionLimits, plan: PlanTiming): string[] {
  const broken: string[] = [];
  const seq = junction.sequence;
  const splitOf = (id: number) => plan.splits.filter((s) => s.phase === id);
  if (plan.splits.length !== seq.length || seq.some((id) => splitOf(id).length !== 1)) broken.push('each sequence phase exactly once');
  let total = 0;
  for (const id of seq) {
    const phase = junction.phases.find((p) => p.id === id)!;
    const split = splitOf(id)[0];
    if (!split) continue;
    total += split.greenS + phase.yellowS + phase.allRedS;
    const ped = phase.pedestrian ? phase.pedestrian.walkS + phase.pedestrian.clearanceS : 0;
    if (split.greenS < phase.minGreenS - EPS || split.greenS < ped - EPS) broken.push(`phase ${id} green below minimum or pedestrians`);
    if (split.greenS > phase.maxGreenS + EPS) broken.push(`phase ${id} green above maximum`);
    const a = split.actuation;
    if (a && (a.minGreenS < Math.max(phase.minGreenS, ped) - EPS || a.maxGreenS > phase.maxGreenS + EPS || split.greenS < a.minGreenS - EPS || split.greenS > a.maxGreenS + EPS)) {
      broken.push(`phase ${id} actuation`);
    }
  }
  if (Math.abs(total - plan.cycleS) > EPS) broken.push('cycle budget');
  if (plan.offsetS < 0 || plan.offsetS >= plan.cycleS) broken.push('offset');
  const bounds = cycleBoundsOf(junction);
  if (plan.cycleS < bounds.minS - EPS || plan.cycleS > bounds.maxS + EPS) broken.push('cycle bounds');
  if (plan.coordinatedPhase !== undefined && !seq.includes(plan.coordinatedPhase)) broken.push('coordinated phase');
  return broken;
}

const withPlan = junctionArb.chain((junction) => planArb(junction).map((p) => ({ junction, ...p })));

describe('plan safety rules (property)', () => {
  it('accepts only plans that keep every rule, and every plan built within the limits', () => {
    fc.assert(
      fc.property(withPlan, ({ junction, plan, built }) => {
        const violations = timingViolations(junction, plan);
        const broken = brokenRules(junction, plan);
        if (violations.length === 0) expect(broken).toEqual([]);
        if (broken.length === 0) expect(violations).toEqual([]);
        if (built) expect(broken.filter((b) => b !== 'cycle bounds')).toEqual([]);
      }),
      { numRuns: 30_000 },
    );
  });

  it('adds only the clock rules for a centre plan', () => {
    fc.assert(
      fc.property(withPlan, fc.integer({ min: -600_000, max: 600_000 }), fc.integer({ min: -1_000_000, max: 1_000_000 }), ({ junction, plan }, issuedDeltaMs, expiresDeltaMs) => {
        const signal: SignalPlan = { planId: 'p', issuedAt: NOW + issuedDeltaMs, expiresAt: NOW + expiresDeltaMs, reason: 'property', ...plan };
        const rules = planViolations(junction, signal, NOW).map((v) => v.rule);
        const clock = rules.filter((r) => r === 'expired' || r === 'issued-in-future');
        expect(rules.length - clock.length).toBe(timingViolations(junction, plan).length);
        expect(clock.includes('expired')).toBe(signal.expiresAt <= NOW);
        expect(clock.includes('issued-in-future')).toBe(signal.issuedAt > NOW + 300_000);
      }),
      { numRuns: 10_000 },
    );
  });

  it('accepts a change from one plan to the next exactly when the cycle and every green move within the bound', () => {
    fc.assert(
      fc.property(
        withPlan.chain(({ junction, plan }) => planArb(junction).map((next) => ({ junction, previous: plan, next: next.plan }))),
        ({ junction, previous, next }) => {
          const max = maxChangePerCycleSOf(junction);
          const within =
            Math.abs(next.cycleS - previous.cycleS) <= max + EPS &&
            next.splits.every((s) => {
              const before = previous.splits.find((p) => p.phase === s.phase);
              return !before || Math.abs(s.greenS - before.greenS) <= max + EPS;
            });
          expect(planChangeViolations(previous, next, junction).length === 0).toBe(within);
        },
      ),
      { numRuns: 15_000 },
    );
  });
});
