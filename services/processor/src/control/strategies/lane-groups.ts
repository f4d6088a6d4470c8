/**
 * From approach flows to what a phase must serve: the critical lane group of each phase is the movement with the
 * highest flow ratio y = flow per lane / saturation flow per lane among those it serves (Webster 1958, HCM).
 *
 * Detectors count whole approaches (lane detectors summed by estimation), not turning movements, so the flow of a
 * movement is the approach flow times a turning share. Defaults, documented in docs/signal-control.md:
 * - saturation flow 1,800 veh/h/lane (HCM base 1,900 less typical urban adjustments);
 * - turning shares left 0.15, through 0.70, right 0.15 (u-turn 0), applied to the approach's lanes as a whole, so a
 *   movement's flow per lane is approach flow × share / lanes when lane use is unknown;
 * - turn factors (HCM): protected left ×0.95, permitted left ×0.80 (gaps in opposing flow), right ×0.85;
 * - a one-lane approach is a shared lane group: every vehicle of the approach uses that lane, whatever its turn (a
 *   left turner waiting for a gap holds the through traffic behind it), so its flow per lane is the whole approach
 *   flow, at the saturation flow times HCM's shared-lane factor 1 / Σ (share / turn factor) over its movements.
 * Where the network gives lane use and every lane has a detector (`laneFlowsVph`), and some lane serves one turn alone
 * (a turn bay, a through-only lane), the lanes' own counts replace the default shares: a lane of one turn carries
 * that turn's flow, a shared lane splits its count by the default shares of its turns, and the critical lane of a
 * movement is its lane with the highest flow ratio. Where every lane is shared the counts cannot tell turns apart,
 * and the defaults above stand.
 */
import type { IntersectionProperties, Movement, PhaseDefinition, Turn } from '@arterial/contracts/network';
import type { ApproachDemand, JunctionDemand } from './strategy.types';

export const SATURATION_FLOW_VPHPL = 1800;
export const TURN_SHARES: Readonly<Record<Turn, number>> = { left: 0.15, through: 0.7, right: 0.15, 'u-turn': 0 };

export function turnFactor(movement: Movement): number {
  switch (movement.turn) {
    case 'left':
    case 'u-turn':
      return movement.protected ? 0.95 : 0.8;
    case 'right':
      return 0.85;
    case 'through':
      return 1;
  }
}

export interface PhaseLoad {
  readonly phase: number;
  /** Flow per lane of the critical movement, veh/h/lane; null when no served approach has a trusted flow. */
  readonly flowVph: number | null;
  readonly saturationFlowVph: number;
  /** y of the critical movement; 0 when the flow is unknown. */
  readonly flowRatio: number;
  /** Approach of the critical movement (for queues and pressure). */
  readonly criticalApproachId: string | null;
  readonly trusted: boolean;
}

/**
 * Lanes a movement uses on its approach: a turn with its own lane (the phase protects it) gets one lane, a through
 * movement gets the others. Without lane-use data this is the only defensible split.
 */
function lanesFor(movement: Movement, approach: ApproachDemand): number {
  if (movement.turn === 'through') return Math.max(1, approach.lanes - 1);
  return 1;
}

export function movementFlowPerLaneVph(movement: Movement, approach: ApproachDemand): number | null {
  if (approach.flowVph === null || !approach.trusted) return null;
  return (approach.flowVph * TURN_SHARES[movement.turn]) / lanesFor(movement, approach);
}

/** An approach whose movements all share one lane (no turn has a lane of its own). */
export function isSharedLane(approach: ApproachDemand): boolean {
  return approach.lanes <= 1;
}

/** HCM's shared-lane factor: the harmonic mean of the turn factors weighted by the turning shares of the movements. */
export function sharedLaneFactor(movements: readonly Movement[]): number {
  const share = movements.reduce((s, m) => s + TURN_SHARES[m.turn], 0);
  const weighted = movements.reduce((s, m) => s + TURN_SHARES[m.turn] / turnFactor(m), 0);
  return share > 0 && weighted > 0 ? share / weighted : 1;
}

/** The approach's per-lane counts and lane use, when they can tell turns apart (some lane serves one turn alone). */
export function measuredLaneUse(approach: ApproachDemand): { flows: readonly number[]; turns: readonly (readonly Turn[])[] } | undefined {
  const { laneFlowsVph: flows, laneTurns: turns } = approach;
  if (!approach.trusted || !flows || !turns || flows.length !== turns.length || flows.length === 0) return undefined;
  return turns.some((t) => t.length === 1) ? { flows, turns } : undefined;
}

/** A turn's share of a lane's count: all of it on a lane of its own, else its default share among the lane's turns. */
export function shareOfLane(turn: Turn, laneTurns: readonly Turn[]): number {
  if (!laneTurns.includes(turn)) return 0;
  const total = laneTurns.reduce((s, t) => s + TURN_SHARES[t], 0);
  return total > 0 ? TURN_SHARES[turn] / total : 1 / laneTurns.length;
}

/**
 * A movement's flow from measured lanes: over the lanes serving its turn, the one with the highest flow ratio, where a
 * lane's flow is what the phase serves of its count (the shares of the lane's turns the phase serves from this
 * approach) at the saturation flow of those movements (shared-lane factor when more than one).
 */
function measuredLaneGroupOf(movement: Movement, phase: PhaseDefinition, lanes: { flows: readonly number[]; turns: readonly (readonly Turn[])[] }): { flow: number; sat: number } | null {
  const served = phase.movements.filter((m) => m.approachId === movement.approachId);
  let best: { y: number; flow: number; sat: number } | undefined;
  lanes.turns.forEach((laneTurns, i) => {
    if (!laneTurns.includes(movement.turn)) return;
    const here = served.filter((m) => laneTurns.includes(m.turn));
    const flow = (lanes.flows[i] ?? 0) * here.reduce((s, m) => s + shareOfLane(m.turn, laneTurns), 0);
    const sat = SATURATION_FLOW_VPHPL * (here.length > 1 ? sharedLaneFactor(here) : turnFactor(movement));
    const y = flow / sat;
    if (!best || y > best.y) best = { y, flow, sat };
  });
  return best ? { flow: best.flow, sat: best.sat } : null;
}

/**
 * A movement's share of its approach's flow: measured from lane counts where they tell turns apart, else the default
 * turning share (max-pressure splits an approach's queue between its movements by it).
 */
export function movementShare(movement: Pick<Movement, 'turn'>, approach: ApproachDemand): number {
  const lanes = measuredLaneUse(approach);
  if (!lanes) return TURN_SHARES[movement.turn];
  const total = lanes.flows.reduce((s, f) => s + f, 0);
  if (total <= 0) return TURN_SHARES[movement.turn];
  return lanes.turns.reduce((s, laneTurns, i) => s + (lanes.flows[i] ?? 0) * shareOfLane(movement.turn, laneTurns), 0) / total;
}

/** Flow per lane and saturation flow of the lane group a movement discharges in; null when the flow is unknown. */
function laneGroupOf(movement: Movement, phase: PhaseDefinition, approach: ApproachDemand): { flow: number; sat: number } | null {
  const measured = measuredLaneUse(approach);
  if (measured) return measuredLaneGroupOf(movement, phase, measured);
  if (!isSharedLane(approach)) {
    const flow = movementFlowPerLaneVph(movement, approach);
    return flow === null ? null : { flow, sat: SATURATION_FLOW_VPHPL * turnFactor(movement) };
  }
  if (approach.flowVph === null || !approach.trusted) return null;
  const shared = phase.movements.filter((m) => m.approachId === movement.approachId);
  return { flow: approach.flowVph / Math.max(1, approach.lanes), sat: SATURATION_FLOW_VPHPL * sharedLaneFactor(shared) };
}

export function phaseLoad(phase: PhaseDefinition, demand: JunctionDemand): PhaseLoad {
  let best: { y: number; flow: number; sat: number; approachId: string } | undefined;
  for (const movement of phase.movements) {
    const approach = demand.approaches.get(movement.approachId);
    if (!approach) continue;
    const group = laneGroupOf(movement, phase, approach);
    if (group === null) continue;
    const { flow, sat } = group;
    const y = flow / sat;
    if (!best || y > best.y) best = { y, flow, sat, approachId: movement.approachId };
  }
  if (!best) return { phase: phase.id, flowVph: null, saturationFlowVph: SATURATION_FLOW_VPHPL, flowRatio: 0, criticalApproachId: null, trusted: false };
  return { phase: phase.id, flowVph: best.flow, saturationFlowVph: best.sat, flowRatio: best.y, criticalApproachId: best.approachId, trusted: true };
}

/** Loads of the phases in sequence order. */
export function phaseLoads(junction: IntersectionProperties, demand: JunctionDemand): PhaseLoad[] {
  return junction.sequence.map((id) => phaseLoad(phaseOf(junction, id), demand));
}

export function phaseOf(junction: Pick<IntersectionProperties, 'phases'>, id: number): PhaseDefinition {
  const phase = junction.phases.find((p) => p.id === id);
  if (!phase) throw new Error(`phase ${id} is not defined at this junction`);
  return phase;
}
