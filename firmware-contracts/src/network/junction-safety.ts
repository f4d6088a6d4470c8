/**
 * Safety rules for a junction's own configuration (network model), and the conflict check a monitor runs on
 * live indications. Part of the one rule set (plan-safety.ts checks plans against the same junction).
 *
 * Intervals: where the model gives the geometry (approachSpeedKph, gradePct, crossingWidthM, pedestrian
 * crossingM), the configured yellow, all-red and pedestrian clearance must be at least what the published
 * formulas give (safety-intervals.ts); yellow is always within the MUTCD 3–6 s range and walk ≥ 7 s (4 s when
 * the crossing is flagged low volume).
 *
 * Conflicts, conservatively: two phases must be listed as conflicting when any movement of one crosses or merges
 * with any movement of the other (movement-conflicts.ts), permissive turns included, because the monitor only
 * knows phases. Within one phase, crossing movements are allowed only where one of them is a permissive
 * (unprotected) left or u-turn, which yields by rule; any other crossing makes the phase conflict with itself.
 */
import { legOfHeading, movementsConflict } from './movement-conflicts';
import type { IntersectionProperties, Movement, PhaseDefinition } from './network.schema';
import type { PlanViolation } from './plan-violation.schema';
import { allRedClearanceS, iteYellowS, MAX_YELLOW_S, MIN_YELLOW_S, minimumWalkS, pedestrianClearanceS } from './safety-intervals';

export type JunctionGeometry = Pick<IntersectionProperties, 'phases' | 'approaches' | 'conflicts'>;

/** Tolerance for configured intervals against formulas: times are configured to 0.1 s. */
const TOLERANCE_S = 0.05;

/** Every rule the junction's configuration breaks; empty when safe. */
export function junctionViolations(junction: JunctionGeometry): PlanViolation[] {
  return [...junction.phases.flatMap(intervalViolations), ...conflictListViolations(junction)];
}

function intervalViolations(phase: PhaseDefinition): PlanViolation[] {
  const violations: PlanViolation[] = [];
  const { id, yellowS, allRedS, approachSpeedKph, crossingWidthM, pedestrian } = phase;
  if (yellowS < MIN_YELLOW_S || yellowS > MAX_YELLOW_S) violations.push({ rule: 'yellow-out-of-range', phase: id, yellowS });
  if (approachSpeedKph !== undefined) {
    const requiredS = iteYellowS(approachSpeedKph, (phase.gradePct ?? 0) / 100);
    if (yellowS < requiredS - TOLERANCE_S) violations.push({ rule: 'yellow-too-short', phase: id, yellowS, requiredS });
    if (crossingWidthM !== undefined) {
      const required = allRedClearanceS(crossingWidthM, approachSpeedKph);
      if (allRedS < required - TOLERANCE_S) violations.push({ rule: 'all-red-too-short', phase: id, allRedS, requiredS: required });
    }
  }
  if (pedestrian) {
    const walkRequiredS = minimumWalkS(pedestrian.lowVolume);
    if (pedestrian.walkS < walkRequiredS) violations.push({ rule: 'walk-too-short', phase: id, walkS: pedestrian.walkS, requiredS: walkRequiredS });
    if (pedestrian.crossingM !== undefined) {
      const required = pedestrianClearanceS(pedestrian.crossingM);
      if (pedestrian.clearanceS < required - TOLERANCE_S) {
        violations.push({ rule: 'pedestrian-clearance-too-short', phase: id, clearanceS: pedestrian.clearanceS, requiredS: required });
      }
    }
  }
  return violations;
}

function conflictListViolations(junction: JunctionGeometry): PlanViolation[] {
  const violations: PlanViolation[] = [];
  const legDeg = new Map(junction.approaches.map((a) => [a.id, legOfHeading(a.bearingDeg)]));
  const crosses = (a: Movement, b: Movement): boolean => {
    const legA = legDeg.get(a.approachId);
    const legB = legDeg.get(b.approachId);
    // A movement on an unknown approach cannot be placed; parseNetworkModel reports the reference.
    if (legA === undefined || legB === undefined) return false;
    return movementsConflict({ legDeg: legA, turn: a.turn }, { legDeg: legB, turn: b.turn });
  };
  const listed = new Set(junction.conflicts.map(([a, b]) => pairKey(a, b)));
  const selfListed = new Set(junction.conflicts.filter(([a, b]) => a === b).map(([a]) => a));
  for (const phase of junction.phases) {
    const m = phase.movements;
    const crossesItself = m.some((a, i) => m.slice(i + 1).some((b) => crosses(a, b) && !yields(a) && !yields(b)));
    if (crossesItself || selfListed.has(phase.id)) violations.push({ rule: 'phase-self-conflict', phase: phase.id });
  }
  const phases = [...junction.phases].sort((a, b) => a.id - b.id);
  for (let i = 0; i < phases.length; i++) {
    for (let j = i + 1; j < phases.length; j++) {
      const a = phases[i]!;
      const b = phases[j]!;
      if (listed.has(pairKey(a.id, b.id))) continue;
      if (a.movements.some((ma) => b.movements.some((mb) => crosses(ma, mb)))) violations.push({ rule: 'conflict-missing', phase: a.id, otherPhase: b.id });
    }
  }
  return violations;
}

/** A permissive left or u-turn gives way to the movements it crosses, so it may share a phase with them. */
function yields(m: Movement): boolean {
  return (m.turn === 'left' || m.turn === 'u-turn') && m.protected !== true;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/**
 * The conflict monitor's check on live indications: every listed conflicting pair among the phases showing
 * green (or yellow, which still admits traffic), as [lower id, higher id]. Empty = no conflict.
 */
export function conflictingGreens(junction: Pick<IntersectionProperties, 'conflicts'>, greenPhaseIds: Iterable<number>): [number, number][] {
  const green = new Set(greenPhaseIds);
  const found = new Map<string, [number, number]>();
  for (const [a, b] of junction.conflicts) {
    if (a !== b && green.has(a) && green.has(b)) found.set(pairKey(a, b), a < b ? [a, b] : [b, a]);
  }
  return [...found.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}
