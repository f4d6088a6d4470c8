/**
 * A link's state from its cross-section: speed (with two explicit fallbacks when no vehicle passed), density, travel
 * time, free-flow travel time, TTI, delay and the GB/T 33171-2016 level.
 *
 * Travel time here is length / space-mean spot speed. On signalised links that leaves out part of the stop delay at
 * the downstream junction; a queue-based delay term (input–output counting between advance and stop-bar loops) is the
 * planned refinement (docs/estimation.md).
 */
import type { LinkProperties } from '@arterial/contracts/network';
import type { CrossSectionEstimate, LinkEstimate, SpeedSource } from './estimation.types';
import { GBT_LEVEL_ZH, linkLevel } from './gbt-33171.levels';
import { LIGHT_TRAFFIC_OCCUPANCY_PCT } from './free-flow-speed.tracker';
import { MISSING, derived, isKnown, type Quantity } from './provenance';
import { districtOf, resolveRoadClass } from './road-class.resolver';
import { densityVpkm, travelTimeS } from './traffic-flow.formulas';

/** Occupancy (%) from which a section with no vehicle counted is a standing queue rather than empty road. */
export const STANDING_QUEUE_OCCUPANCY_PCT = 50;
/**
 * Speed assigned to a standing queue (km/h): keeps travel time finite and the level at 严重拥堵 on every class
 * (below 10 km/h, the lowest GB/T bound). Project choice, docs/estimation.md.
 */
export const STANDING_QUEUE_SPEED_KPH = 3;

function fallbackSpeed(section: CrossSectionEstimate, freeFlowKph: Quantity): { speed: Quantity; source: SpeedSource } {
  if (isKnown(section.speedKph)) return { speed: section.speedKph, source: section.speedSource };
  const { flowVph: q, occupancyPct: o } = section;
  if (isKnown(q) && isKnown(o) && q.value === 0) {
    if (o.value <= LIGHT_TRAFFIC_OCCUPANCY_PCT && isKnown(freeFlowKph)) return { speed: derived(freeFlowKph.value, 'free-flow-at-zero-flow', [q, o, freeFlowKph]), source: 'zero-flow-free-flow' };
    if (o.value >= STANDING_QUEUE_OCCUPANCY_PCT) return { speed: derived(STANDING_QUEUE_SPEED_KPH, 'standing-queue', [q, o]), source: 'standing-queue' };
  }
  return { speed: MISSING, source: 'none' };
}

export function estimateLink(link: LinkProperties, section: CrossSectionEstimate, freeFlowKph: Quantity): LinkEstimate {
  const { roadClass, note } = resolveRoadClass(link);
  const notes: string[] = note ? [note] : [];
  const { speed, source } = fallbackSpeed(section, freeFlowKph);
  if (source === 'stop-bar') notes.push('speed-from-stop-bar-only');

  const q = section.flowVph;
  const k = isKnown(q) && isKnown(speed) ? densityVpkm(q.value, speed.value) : null;
  const tt = isKnown(speed) ? travelTimeS(link.lengthM, speed.value) : null;
  const ttFree = isKnown(freeFlowKph) ? travelTimeS(link.lengthM, freeFlowKph.value) : null;
  const travelTime = tt === null ? MISSING : derived(tt, 'length-over-speed', [speed]);
  const freeFlowTravelTime = ttFree === null ? MISSING : derived(ttFree, 'length-over-free-flow-speed', [freeFlowKph]);
  // TTI ≥ 1 by definition: a speed above the free-flow reference is free flow, not "better than free"
  const tti = tt !== null && ttFree !== null ? derived(Math.max(1, tt / ttFree), 'travel-time-index', [speed, freeFlowKph]) : MISSING;
  const delay = tt !== null && ttFree !== null ? derived(Math.max(0, tt - ttFree), 'travel-time-minus-free-flow', [speed, freeFlowKph]) : MISSING;
  const level = isKnown(speed) ? linkLevel(speed.value, roadClass) : null;
  return {
    linkId: link.id,
    district: districtOf(link),
    roadClass,
    lengthM: link.lengthM,
    flowVph: q,
    occupancyPct: section.occupancyPct,
    speedKph: speed,
    speedSource: source,
    densityVpkm: k === null ? MISSING : derived(k, 'flow-over-speed', [q, speed]),
    travelTimeS: travelTime,
    freeFlowSpeedKph: freeFlowKph,
    freeFlowTravelTimeS: freeFlowTravelTime,
    tti,
    delayS: delay,
    level,
    levelZh: level === null ? null : GBT_LEVEL_ZH[level],
    levelProvenance: speed.provenance,
    notes,
  };
}
