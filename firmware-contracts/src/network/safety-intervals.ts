/**
 * Published formulas for the intervals that protect road users when a signal changes (ALGORITHMS.md "Safety
 * intervals"). Pure; SI units in, seconds out. The network model may carry the geometry these need (per phase
 * approach speed, grade, crossing widths); junction-safety.ts checks the configured intervals against them.
 */

/** Perception-reaction time the ITE yellow formula assumes, s. */
export const REACTION_TIME_S = 1.0;
/** Comfortable deceleration the ITE yellow formula assumes, m/s² (10 ft/s²). */
export const DECELERATION_MPS2 = 3.05;
export const GRAVITY_MPS2 = 9.81;
/** MUTCD range for a yellow change interval, s. */
export const MIN_YELLOW_S = 3;
export const MAX_YELLOW_S = 6;
/** Vehicle length the all-red formula adds to the crossing width, m. */
export const DEFAULT_VEHICLE_LENGTH_M = 6;
/** Walking speed for pedestrian clearance (MUTCD 2009: 3.5 ft/s), m/s. */
export const PEDESTRIAN_SPEED_MPS = 1.07;
/** Shortest walk interval; MIN_WALK_LOW_VOLUME_S where pedestrian volumes are low and the junction says so. */
export const MIN_WALK_S = 7;
export const MIN_WALK_LOW_VOLUME_S = 4;

function mps(speedKph: number): number {
  return speedKph / 3.6;
}

/**
 * ITE kinematic yellow: Y = t + v / (2a + 2Gg), clamped to the MUTCD 3–6 s range.
 * gradeDecimal is positive uphill (helps stopping), negative downhill; a downhill so steep the denominator
 * vanishes gets the longest yellow.
 */
export function iteYellowS(approachSpeedKph: number, gradeDecimal = 0): number {
  const denominator = 2 * DECELERATION_MPS2 + 2 * gradeDecimal * GRAVITY_MPS2;
  if (denominator <= 0) return MAX_YELLOW_S;
  const y = REACTION_TIME_S + mps(approachSpeedKph) / denominator;
  return Math.min(MAX_YELLOW_S, Math.max(MIN_YELLOW_S, y));
}

/** All-red clearance R = (W + ℓ) / v: time for a vehicle that entered at the end of yellow to clear the far conflict point. */
export function allRedClearanceS(crossingWidthM: number, approachSpeedKph: number, vehicleLengthM = DEFAULT_VEHICLE_LENGTH_M): number {
  if (approachSpeedKph <= 0) throw new RangeError(`approach speed must be > 0 km/h, got ${approachSpeedKph}`);
  return (crossingWidthM + vehicleLengthM) / mps(approachSpeedKph);
}

/** Pedestrian clearance (flashing don't walk): crossing distance at 1.07 m/s. */
export function pedestrianClearanceS(crossingM: number): number {
  return crossingM / PEDESTRIAN_SPEED_MPS;
}

/** Shortest walk interval allowed: 7 s, or 4 s where the junction is flagged low pedestrian volume. */
export function minimumWalkS(lowPedestrianVolume = false): number {
  return lowPedestrianVolume ? MIN_WALK_LOW_VOLUME_S : MIN_WALK_S;
}
