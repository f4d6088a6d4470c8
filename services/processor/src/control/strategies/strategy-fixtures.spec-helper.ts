/** Hand-built junctions and demands for the strategy and engine specs. */
import type { IntersectionProperties, PlanTiming } from '@arterial/contracts/network';
import { SATURATION_FLOW_VPHPL, TURN_SHARES } from './lane-groups';
import type { ApproachDemand, JunctionDemand, PlanningContext } from './strategy.types';

export type Leg = 'N' | 'E' | 'S' | 'W';
export const LEGS: readonly Leg[] = ['N', 'E', 'S', 'W'];
/** Heading of traffic arriving from each leg (from the north it heads south). */
const HEADING: Record<Leg, number> = { N: 180, E: 270, S: 0, W: 90 };

/** Two phases (2 = east–west, 4 = north–south), two lanes per approach, approach links `<id>-<leg>-in`. */
export function twoPhaseJunction(id = 'J', options: { minGreenS?: number; maxGreenS?: number; cycleS?: number; linkOf?: (leg: Leg) => string } = {}): IntersectionProperties {
  const linkOf = options.linkOf ?? ((leg: Leg) => `${id}-${leg}-in`);
  const phase = (phaseId: number, name: string, legs: Leg[]) => ({
    id: phaseId,
    name,
    movements: legs.flatMap((leg) => [
      { approachId: `${id}-${leg}`, turn: 'through' as const },
      { approachId: `${id}-${leg}`, turn: 'right' as const },
    ]),
    minGreenS: options.minGreenS ?? 10,
    maxGreenS: options.maxGreenS ?? 60,
    yellowS: 3,
    allRedS: 2,
  });
  const cycleS = options.cycleS ?? 60;
  return {
    kind: 'intersection',
    id,
    name: `Junction ${id}`,
    approaches: LEGS.map((leg) => ({ id: `${id}-${leg}`, linkId: linkOf(leg), bearingDeg: HEADING[leg], lanes: 2 })),
    phases: [phase(2, 'East–west', ['E', 'W']), phase(4, 'North–south', ['N', 'S'])],
    sequence: [2, 4],
    conflicts: [[2, 4]],
    fallbackPlan: { planId: 'tod', cycleS, offsetS: 0, splits: [{ phase: 2, greenS: (cycleS - 10) / 2 }, { phase: 4, greenS: (cycleS - 10) / 2 }] },
    cycleBounds: { minS: 30, maxS: 150 },
  };
}

/** Approach flow (all lanes) whose through movement has flow ratio y on a two-lane approach. */
export function flowForRatio(y: number): number {
  return (y * SATURATION_FLOW_VPHPL) / TURN_SHARES.through;
}

export function demandOf(junction: IntersectionProperties, flows: Partial<Record<Leg, number | null>>, queues: Partial<Record<Leg, number>> = {}, downstream: ReadonlyMap<string, number> = new Map()): JunctionDemand {
  const approaches = new Map<string, ApproachDemand>();
  for (const leg of LEGS) {
    const flow = flows[leg];
    const id = `${junction.id}-${leg}`;
    approaches.set(id, { approachId: id, lanes: 2, flowVph: flow ?? null, trusted: flow !== null && flow !== undefined, queuePerLaneVeh: flow === null || flow === undefined ? null : (queues[leg] ?? 0) });
  }
  return { intersectionId: junction.id, tsMs: 0, approaches, downstreamPerLaneVeh: downstream, exitLinks: new Map(), detectorsUsed: 8, detectorsFaulty: 0 };
}

export function contextOf(junction: IntersectionProperties, running?: PlanTiming, overrides: Partial<PlanningContext> = {}): PlanningContext {
  return {
    nowMs: 1_000,
    running: running ?? { cycleS: junction.fallbackPlan.cycleS, offsetS: junction.fallbackPlan.offsetS, splits: junction.fallbackPlan.splits },
    cycleBounds: junction.cycleBounds ?? { minS: 30, maxS: 180 },
    changeLimits: { maxCycleStepS: 20, maxGreenStepS: 20 },
    ...overrides,
  };
}
