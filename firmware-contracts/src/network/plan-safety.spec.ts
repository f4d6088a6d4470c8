import * as fs from 'node:fs';
import * as path from 'node:path';
import { intersectionsOf, parseNetworkModel, type IntersectionProperties } from './network.schema';
import type { SignalPlan } from '../mqtt/v1/schemas';
import { effectiveMinGreenS, planRejectionReason, planViolations } from './plan-safety';

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
