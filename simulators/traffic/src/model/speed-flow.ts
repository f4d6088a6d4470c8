/**
 * Speed–flow relation for the approach to a signal: near free speed at light flow, falling as the degree of
 * saturation x = demand / capacity nears 1 (a smoothed form of the HCM urban street curves).
 */
export function approachSpeedKph(freeSpeedKph: number, degreeOfSaturation: number): number {
  const x = Math.max(0, Math.min(1.2, degreeOfSaturation));
  return freeSpeedKph * Math.max(0.3, 1 - 0.45 * Math.pow(x, 2.5));
}

/** Effective length seen by a loop: vehicle (≈4.5 m) plus detection zone (≈2 m). */
export const OCCUPANCY_LENGTH_M = 6.5;
/** Space per stopped vehicle in a queue (length plus gap). */
export const JAM_SPACING_M = 7;
/** Crossing speed of vehicles discharging from a standing queue at the stop line. */
export const DISCHARGE_SPEED_KPH = 20;
