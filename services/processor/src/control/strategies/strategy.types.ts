/**
 * The one interface every control strategy implements (CONVENTIONS 14): a pure function of the junction, its demand
 * and a planning context, returning a timing and the explanation of why. The engine, the benchmark and tests pick
 * strategies by name from the registry, so each is compared on equal terms.
 */
import type { ControlStrategy, PlanExplanation } from '@arterial/contracts/api/v1';
import type { IntersectionProperties, PlanTiming, Turn } from '@arterial/contracts/network';

/** What the detectors say about one approach, already smoothed and checked for trust. */
export interface ApproachDemand {
  readonly approachId: string;
  readonly lanes: number;
  /** Smoothed approach flow (all lanes), veh/h; null when no trustworthy measurement fed it. */
  readonly flowVph: number | null;
  /** Queue per lane at the start of green, vehicles; null when unknown (see queue-estimator.ts). */
  readonly queuePerLaneVeh: number | null;
  /** At least one detector of the approach gave a usable measurement this interval. */
  readonly trusted: boolean;
  /**
   * Smoothed flow of each lane, lane 1 first, with the turns each serves (the network's lane use): present only when
   * the network gives lane use and every lane has a trusted detector (lane-groups.ts reads turning flows from them).
   */
  readonly laneFlowsVph?: readonly number[];
  readonly laneTurns?: readonly (readonly Turn[])[];
}

/** Vehicles per lane on the links leaving the junction, by link id (max-pressure's downstream term). */
export type DownstreamQueues = ReadonlyMap<string, number>;

export interface JunctionDemand {
  readonly intersectionId: string;
  /** End of the estimation interval the demand comes from. */
  readonly tsMs: number;
  readonly approaches: ReadonlyMap<string, ApproachDemand>;
  readonly downstreamPerLaneVeh: DownstreamQueues;
  /** The link each movement leaves by, keyed by exitKey(approachId, turn) (from the network geometry). */
  readonly exitLinks: ReadonlyMap<string, string>;
  readonly detectorsUsed: number;
  readonly detectorsFaulty: number;
}

export function exitKey(approachId: string, turn: Turn): string {
  return `${approachId}:${turn}`;
}

export interface CycleBounds {
  readonly minS: number;
  readonly maxS: number;
}

/** How far one plan may move from the running one (NTCIP-style bounded transitions, ALGORITHMS.md). */
export interface ChangeLimits {
  readonly maxCycleStepS: number;
  readonly maxGreenStepS: number;
}

/** A coordinated group's decision for one junction (green-wave, or SCATS marriage). */
export interface Coordination {
  readonly groupId: string;
  readonly cycleS: number;
  /** Set by green-wave's offset search; absent when the group only shares its cycle. */
  readonly offsetS?: number;
  /** The phase carrying the group's progression (its through phase on the chain): actuated plans coordinate on it. */
  readonly coordinatedPhase?: number;
  readonly extra?: Readonly<Record<string, number>>;
}

export interface PlanningContext {
  readonly nowMs: number;
  /** The plan the junction runs now (the last one sent, or its time-of-day plan). */
  readonly running: PlanTiming;
  readonly cycleBounds: CycleBounds;
  readonly changeLimits: ChangeLimits;
  readonly coordination?: Coordination;
  /** Passage (gap) time per phase from the junction's detectors and approach speeds (actuation.ts); default when absent. */
  readonly passageS?: ReadonlyMap<number, number>;
  /** Phases whose every approach has presence loops on all lanes: free actuated, they may run to the phase maximum. */
  readonly presenceBoundedPhases?: ReadonlySet<number>;
}

export interface StrategyResult {
  readonly timing: PlanTiming;
  readonly explanation: PlanExplanation;
}

export type ControlStrategyFn = (junction: IntersectionProperties, demand: JunctionDemand, context: PlanningContext) => StrategyResult;

export type { ControlStrategy };
