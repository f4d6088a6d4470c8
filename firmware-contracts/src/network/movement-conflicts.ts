/**
 * Which vehicle movements cross or merge, derived from the approaches' geometry, so a conflict list can be
 * checked rather than trusted. (The same method generates the simulator's networks.)
 *
 * Each leg has an entry point (traffic arriving) and an exit point (traffic leaving) on a circle around the
 * junction; with right-hand traffic the entry sits just anticlockwise of the leg's bearing. A movement is the
 * chord from its entry point to its exit point: two movements conflict when their chords cross or end at the
 * same exit (merge). Movements from the same entry diverge and do not conflict.
 */
import type { Turn } from './network.schema';

/** Half the angle between a leg's entry and exit points; any value well below 45° gives the same answer. */
const HALF_GAP_DEG = 10;

export interface LegMovement {
  /** Compass bearing of the leg the traffic arrives from, seen from the junction centre (north leg = 0). */
  legDeg: number;
  turn: Turn;
}

const TURN_EXIT_DEG: Record<Turn, number> = { through: 180, left: 90, right: 270, 'u-turn': 0 };

function normalise(deg: number): number {
  return ((Math.round(deg) % 360) + 360) % 360;
}

function chordOf(m: LegMovement): [number, number] {
  return [normalise(m.legDeg - HALF_GAP_DEG), normalise(m.legDeg + TURN_EXIT_DEG[m.turn] + HALF_GAP_DEG)];
}

/** True when p lies strictly inside the clockwise arc from a to b. */
function insideArc(p: number, a: number, b: number): boolean {
  const span = normalise(b - a);
  const offset = normalise(p - a);
  return offset > 0 && offset < span;
}

export function movementsConflict(a: LegMovement, b: LegMovement): boolean {
  const [a1, a2] = chordOf(a);
  const [b1, b2] = chordOf(b);
  if (a1 === b1) return false;
  if (a2 === b2) return true;
  return insideArc(b1, a1, a2) !== insideArc(b2, a1, a2);
}

/** Leg bearing from the heading of arriving traffic (an approach's bearingDeg). */
export function legOfHeading(headingDeg: number): number {
  return normalise(headingDeg + 180);
}
