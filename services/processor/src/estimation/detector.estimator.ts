/**
 * A detector's speed and density for one interval from its (measured or imputed) flow, occupancy and speed. Without a
 * speed, v = q·g/o with the detector's learned g (Jia et al. 2001), capped at a multiple of the speed limit because
 * at low occupancy the rounding of occupancy makes the ratio explode.
 */
import { MISSING, derived, isKnown, type Quantity } from './provenance';
import { densityVpkm, densityVpkmFromOccupancy, speedKphFromFlowOccupancy } from './traffic-flow.formulas';

/** Cap on single-loop speed estimates, as a multiple of the posted limit (project choice). */
export const SPEED_ESTIMATE_CAP_FACTOR = 1.5;

export const SPEED_FROM_OCCUPANCY = 'speed-from-occupancy';

export interface DetectorSpeedDensity {
  readonly speedKph: Quantity;
  readonly densityVpkm: Quantity;
}

export function estimateDetectorSpeedDensity(flowVph: Quantity, occupancyPct: Quantity, speedKph: Quantity, effectiveLengthM: number, speedLimitKph: number): DetectorSpeedDensity {
  let speed = speedKph;
  if (!isKnown(speed) && isKnown(flowVph) && isKnown(occupancyPct) && flowVph.value > 0) {
    const v = speedKphFromFlowOccupancy(flowVph.value, occupancyPct.value, effectiveLengthM);
    if (v !== null) speed = derived(Math.min(v, speedLimitKph * SPEED_ESTIMATE_CAP_FACTOR), SPEED_FROM_OCCUPANCY, [flowVph, occupancyPct]);
  }
  // with a measured speed, k = q/v needs no g; otherwise k = o/g, which also holds for standing traffic
  let density: Quantity = MISSING;
  if (speed.provenance === 'measured' && isKnown(flowVph)) {
    const k = densityVpkm(flowVph.value, speed.value);
    if (k !== null) density = derived(k, 'flow-over-speed', [flowVph, speed]);
  }
  if (!isKnown(density) && isKnown(occupancyPct)) density = derived(densityVpkmFromOccupancy(occupancyPct.value, effectiveLengthM), 'occupancy-over-effective-length', [occupancyPct]);
  return { speedKph: speed, densityVpkm: density };
}
