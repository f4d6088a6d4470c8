/** Fixtures for controller specs: a real junction and valid centre plans for it (factories, not copied JSON). */
import { intersectionsOf, type IntersectionProperties } from '@arterial/contracts/network';
import { type SignalPlan } from '@arterial/contracts/mqtt/v1';
import { demoNetwork } from '../../network/demo-network';
import { allocateSplits } from '../../network/timing-plan';

export const T0 = Date.UTC(2025, 2, 3, 0, 0, 0, 250);

let cached: IntersectionProperties | undefined;

/** A four-phase demo junction with pedestrian crossings on its through phases. */
export function demoJunction(): IntersectionProperties {
  cached ??= intersectionsOf(demoNetwork())[0]!.properties;
  return cached;
}

/** A plan the junction accepts: splits that fill `cycleS` exactly, valid for 15 minutes from `nowMs`. */
export function validPlan(junction: IntersectionProperties, overrides: Partial<SignalPlan> = {}, nowMs = T0): SignalPlan {
  const cycleS = overrides.cycleS ?? junction.fallbackPlan.cycleS + 10;
  const ratios = new Map(junction.sequence.map((id, i) => [id, i % 2 === 0 ? 0.3 : 0.1]));
  return {
    planId: 'centre-1',
    issuedAt: nowMs,
    expiresAt: nowMs + 15 * 60_000,
    cycleS,
    offsetS: 17,
    splits: allocateSplits(junction.phases, junction.sequence, ratios, cycleS),
    reason: 'spec',
    ...overrides,
  };
}

/**
 * A small four-phase junction with round numbers (min 5 s, max 40 s, yellow 3 s, all-red 1 s; phase 2 has a
 * 7 s walk + 9 s clearance), fallback cycle 80 s. For specs that count seconds by hand.
 */
export function roundJunction(overrides: Partial<IntersectionProperties> = {}): IntersectionProperties {
  const phase = (id: number, extra: Partial<IntersectionProperties['phases'][number]> = {}) => ({
    id,
    name: `Phase ${id}`,
    movements: [],
    minGreenS: 5,
    maxGreenS: 40,
    yellowS: 3,
    allRedS: 1,
    ...extra,
  });
  return {
    kind: 'intersection',
    id: 'J1',
    name: 'Round junction',
    approaches: [{ id: 'J1-N', linkId: 'L1', bearingDeg: 180, lanes: 1 }],
    phases: [phase(1), phase(2, { pedestrian: { walkS: 7, clearanceS: 9 } }), phase(3), phase(4)],
    sequence: [1, 2, 3, 4],
    conflicts: [[1, 2], [1, 3], [1, 4], [2, 3], [2, 4], [3, 4]],
    fallbackPlan: { planId: 'fallback', cycleS: 80, offsetS: 0, splits: [1, 2, 3, 4].map((p) => ({ phase: p, greenS: 16 })) },
    ...overrides,
  };
}

/** A centre plan for roundJunction: 80 s cycle, greens 16 s, from `nowMs` for an hour. */
export function roundPlan(overrides: Partial<SignalPlan> = {}, nowMs = T0): SignalPlan {
  return {
    planId: 'round-1',
    issuedAt: nowMs,
    expiresAt: nowMs + 3_600_000,
    cycleS: 80,
    offsetS: 0,
    splits: [1, 2, 3, 4].map((phase) => ({ phase, greenS: 16 })),
    reason: 'spec',
    ...overrides,
  };
}
