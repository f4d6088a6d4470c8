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
