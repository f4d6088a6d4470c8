/**
 * Green wave for a coordinated group (an arterial chain): one common cycle (the longest any member needs by Webster;
 * a member needing no more than half of it runs the half cycle, "double cycling"), Webster's splits within each
 * member's cycle, and offsets from measured link travel times.
 *
 * Offsets, two-way: a cycle-offset search (TRANSYT's idea, not MAXBAND's mixed-integer programme). Start from the
 * one-way progression in the heavier direction (each green starts one travel time after its upstream neighbour's),
 * then coordinate descent: each member in turn tries offsets (every 3 s, then each second around the best) and keeps the one maximising
 * Σ over its neighbour pairs of (forward flow × forward progression window + backward flow × backward window), where
 * a window is the seconds of upstream green whose platoon, one travel time later, meets downstream green. Two passes.
 * The first member keeps its running offset, so replanning does not shift the whole group.
 *
 * Actuated (actuation.ts): a member that runs the group's cycle is coordinated on its through phase on the chain (the
 * progression keeps its yield point and gets back what the cross street leaves unused); the cross street gaps out
 * and is forced off at its split end. A junction outside any group runs free actuated.
 */
import type { IntersectionProperties, PlanTiming } from '@arterial/contracts/network';
import { FREE, describeActuation, withActuation, type ActuationMode } from './actuation';
import { describeSplits, explain, phaseInput } from './explanation';
import { feasibleCycleBounds, greenOf, greenStartS, nextCycleAndOffset, stepCycle } from './green-allocation';
import { phaseLoads } from './lane-groups';
import type { CoordinationGroup } from './coordination-groups';
import type { ControlStrategyFn, Coordination, JunctionDemand, PlanningContext, StrategyResult } from './strategy.types';
import { websterNeededCycleS, websterSplits } from './webster.strategy';

export interface GroupMember {
  readonly junction: IntersectionProperties;
  readonly demand: JunctionDemand;
  readonly context: PlanningContext;
}

export interface GreenWaveInputs {
  readonly group: CoordinationGroup;
  readonly members: ReadonlyMap<string, GroupMember>;
  /** Link travel time, s: measured (estimation), else free flow. */
  readonly travelTimeS: (linkId: string) => number;
  /** Flow arriving on a link at its downstream junction, veh/h. */
  readonly inflowVph: (linkId: string) => number | undefined;
}

const SEARCH_PASSES = 2;
const COARSE_STEP_S = 3;

interface Window {
  readonly startS: number;
  readonly lengthS: number;
}

/** Overlap in seconds of [a, a+la) and [b, b+lb) on a circle of `period` seconds. */
export function circularOverlapS(a: number, la: number, b: number, lb: number, period: number): number {
  const an = ((a % period) + period) % period;
  const bn = ((b % period) + period) % period;
  const ends = an + la;
  const total =
    Math.max(0, Math.min(ends, bn - period + lb) - Math.max(an, bn - period)) +
    Math.max(0, Math.min(ends, bn + lb) - Math.max(an, bn)) +
    Math.max(0, Math.min(ends, bn + period + lb) - Math.max(an, bn + period));
  return Math.min(total, la, lb);
}

/** The phase that serves through traffic arriving on `linkId`, if any. */
export function throughPhase(junction: IntersectionProperties, linkId: string | undefined): number | undefined {
  if (!linkId) return undefined;
  const approach = junction.approaches.find((a) => a.linkId === linkId);
  if (!approach) return undefined;
  return junction.phases.find((p) => p.movements.some((m) => m.approachId === approach.id && m.turn === 'through'))?.id;
}

/** The phase serving the group's through traffic at its i-th member (the progression's phase). */
function groupThroughPhase(junction: IntersectionProperties, group: Pick<CoordinationGroup, 'links'>, i: number): number {
  return throughPhase(junction, group.links[i - 1]?.forward) ?? throughPhase(junction, group.links[i]?.backward) ?? junction.sequence[0]!;
}

interface MemberPlan {
  readonly id: string;
  readonly junction: IntersectionProperties;
  readonly cycleS: number;
  readonly splits: PlanTiming['splits'];
  /** The phase carrying the progression, and its green window (relative to the member's cycle start). */
  readonly coordinatedPhase: number;
  readonly window: Window;
  offsetS: number;
}

/** Plans the group: the coordination every member then runs with (the green-wave strategy reads it). */
export function planGreenWaveGroup(inputs: GreenWaveInputs): Map<string, Coordination> {
  const { group, members } = inputs;
  const present = group.junctionIds.map((id) => members.get(id));
  if (present.some((m) => m === undefined) || present.length < 2) return new Map();
  const list = present as GroupMember[];
  const needed = list.map((m) => websterNeededCycleS(m.junction, m.demand, m.context));
  const bounds = list.map((m) => feasibleCycleBounds(m.junction, m.context.cycleBounds));
  const runningCommon = Math.max(...list.map((m) => m.context.running.cycleS));
  const targetS = Math.max(...needed);
  // Members that will double-cycle do not limit the common cycle from above; the others' bounds must all hold it.
  const fullMembers = bounds.filter((_, i) => needed[i]! * 2 > targetS);
  const minS = Math.max(...fullMembers.map((b) => b.minS));
  const commonS = stepCycle(runningCommon, targetS, list[0]!.context.changeLimits, { minS, maxS: Math.max(minS, Math.min(...fullMembers.map((b) => b.maxS))) });
  const plans: MemberPlan[] = list.map((m, i) => {
    const halfS = commonS / 2;
    const half = Number.isInteger(halfS) && needed[i]! <= halfS && halfS >= bounds[i]!.minS && halfS <= bounds[i]!.maxS;
    const cycleS = half ? halfS : Math.min(bounds[i]!.maxS, Math.max(bounds[i]!.minS, commonS));
    const splits = websterSplits(m.junction, phaseLoads(m.junction, m.demand), cycleS, m.context.running, m.context);
    const coordinated = groupThroughPhase(m.junction, group, i);
    return {
      id: group.junctionIds[i]!,
      junction: m.junction,
      cycleS,
      splits,
      coordinatedPhase: coordinated,
      window: { startS: greenStartS(m.junction, splits, coordinated), lengthS: greenOf(splits, coordinated) },
      offsetS: 0,
    };
  });
  const pairs = group.links.map((l) => ({
    forwardS: l.forward ? inputs.travelTimeS(l.forward) : 0,
    backwardS: l.backward ? inputs.travelTimeS(l.backward) : 0,
    forwardW: l.forward ? (inputs.inflowVph(l.forward) ?? 0) : 0,
    backwardW: l.backward ? (inputs.inflowVph(l.backward) ?? 0) : 0,
  }));
  const anyFlow = pairs.some((p) => p.forwardW + p.backwardW > 0);
  const weight = (w: number): number => (anyFlow ? w : 1);

  // Green windows repeat every member cycle; a half-cycle member shows its window twice per common cycle.
  const repeats = plans.map((p) => Math.max(1, Math.round(commonS / p.cycleS)));
  /** Seconds of `from`'s green (shifted by the travel time) that meet `to`'s green, over one common cycle. */
  const overlap = (from: number, fromOffsetS: number, shiftS: number, to: number, toOffsetS: number): number => {
    const f = plans[from]!;
    const t = plans[to]!;
    let total = 0;
    for (let k = 0; k < repeats[from]!; k++) {
      const a = fromOffsetS + f.window.startS + k * f.cycleS + shiftS;
      for (let m = 0; m < repeats[to]!; m++) total += circularOverlapS(a, f.window.lengthS, toOffsetS + t.window.startS + m * t.cycleS, t.window.lengthS, commonS);
    }
    return total;
  };
  const pairScore = (i: number, offA: number, offB: number): { forward: number; backward: number } => {
    const pair = pairs[i]!;
    return { forward: overlap(i, offA, pair.forwardS, i + 1, offB), backward: overlap(i + 1, offB, pair.backwardS, i, offA) };
  };
  const score = (i: number, offsetS: number): number => {
    let s = 0;
    if (i > 0) {
      const r = pairScore(i - 1, plans[i - 1]!.offsetS, offsetS);
      s += weight(pairs[i - 1]!.forwardW) * r.forward + weight(pairs[i - 1]!.backwardW) * r.backward;
    }
    if (i < plans.length - 1) {
      const r = pairScore(i, offsetS, plans[i + 1]!.offsetS);
      s += weight(pairs[i]!.forwardW) * r.forward + weight(pairs[i]!.backwardW) * r.backward;
    }
    return s;
  };

  // One-way start in the heavier direction.
  const forwardHeavier = pairs.reduce((s, p) => s + p.forwardW - p.backwardW, 0) >= 0;
  const first = forwardHeavier ? 0 : plans.length - 1;
  plans[first]!.offsetS = list[first]!.context.running.offsetS % plans[first]!.cycleS;
  const order = forwardHeavier ? plans.map((_, i) => i) : plans.map((_, i) => plans.length - 1 - i);
  for (const i of order.slice(1)) {
    const prev = forwardHeavier ? i - 1 : i + 1;
    const travel = forwardHeavier ? pairs[i - 1]!.forwardS : pairs[i]!.backwardS;
    const p = plans[i]!;
    p.offsetS = mod(Math.round(plans[prev]!.offsetS + plans[prev]!.window.startS + travel - p.window.startS), p.cycleS);
  }
  for (let pass = 0; pass < SEARCH_PASSES; pass++) {
    for (const i of order.slice(1)) {
      const p = plans[i]!;
      // Coarse (every COARSE_STEP_S seconds), then the seconds around the best: windows are tens of seconds wide.
      let best = p.offsetS;
      let bestScore = score(i, best);
      const consider = (o: number): void => {
        const s = score(i, o);
        if (s > bestScore + 1e-9) {
          best = o;
          bestScore = s;
        }
      };
      for (let o = 0; o < p.cycleS; o += COARSE_STEP_S) consider(o);
      const coarse = best;
      for (let d = 1 - COARSE_STEP_S; d < COARSE_STEP_S; d++) if (d !== 0) consider(mod(coarse + d, p.cycleS));
      p.offsetS = best;
    }
  }
  keepRunningOffsetsWhenClose(plans, list, (offsets) => pairs.reduce((sum, pair, i) => {
    const r = pairScore(i, offsets[i]!, offsets[i + 1]!);
    return sum + weight(pair.forwardW) * r.forward + weight(pair.backwardW) * r.backward;
  }, 0));
  const bands = pairs.map((_, i) => pairScore(i, plans[i]!.offsetS, plans[i + 1]!.offsetS));
  const per = (x: number, k: number): number => x / Math.max(1, Math.round(commonS / Math.min(plans[k]!.cycleS, plans[k + 1]!.cycleS)));
  const forwardBandS = Math.min(...bands.map((b, i) => per(b.forward, i)));
  const backwardBandS = Math.min(...bands.map((b, i) => per(b.backward, i)));
  return new Map(
    plans.map((p) => [p.id, { groupId: group.id, cycleS: p.cycleS, offsetS: p.offsetS, coordinatedPhase: p.coordinatedPhase, extra: { commonCycleS: commonS, forwardBandS, backwardBandS, members: plans.length } }]),
  );
}

/**
 * Every offset change costs each member a transition (a cycle or two off its progression), and measured flows move a
 * little every round: the group keeps the offsets it runs unless the searched ones score OFFSET_GAIN_TO_MOVE better.
 */
export const OFFSET_GAIN_TO_MOVE = 0.1;

function keepRunningOffsetsWhenClose(plans: MemberPlan[], members: readonly GroupMember[], total: (offsets: readonly number[]) => number): void {
  if (members.some((m, i) => m.context.running.cycleS !== plans[i]!.cycleS)) return;
  const running = members.map((m) => m.context.running.offsetS);
  const searched = plans.map((p) => p.offsetS);
  if (total(running) >= (1 - OFFSET_GAIN_TO_MOVE) * total(searched)) plans.forEach((p, i) => (p.offsetS = running[i]!));
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

/** A member of a planned group runs the group's cycle and offset with Webster's splits; alone, it is Webster. */
export const greenWave: ControlStrategyFn = (junction, demand, context): StrategyResult => {
  const loads = phaseLoads(junction, demand);
  const coordination = context.coordination;
  const { cycleS: steppedCycleS, offsetS, joined } = nextCycleAndOffset(context, websterNeededCycleS(junction, demand, context), feasibleCycleBounds(junction, context.cycleBounds));
  const splits = websterSplits(junction, loads, steppedCycleS, context.running, context);
  const mode: ActuationMode = coordination?.coordinatedPhase !== undefined && joined ? { kind: 'coordinated', phase: coordination.coordinatedPhase } : FREE;
  const timing: PlanTiming = withActuation(junction, { cycleS: steppedCycleS, offsetS, splits }, mode, context.passageS, context.presenceBoundedPhases);
  const extra = coordination?.extra ?? {};
  const reason = coordination && !joined
    ? `Green wave: stepping from ${context.running.cycleS} s toward the ${coordination.cycleS} s cycle of group ${coordination.groupId} (offset kept until it runs it); Webster splits: ${describeSplits(timing)}.`
    : coordination
    ? `Green wave in group ${coordination.groupId} (${extra['members'] ?? '?'} junctions): common cycle ${extra['commonCycleS'] ?? steppedCycleS} s` +
      `${extra['commonCycleS'] !== undefined && extra['commonCycleS'] !== steppedCycleS ? ` (this junction runs the half cycle, ${steppedCycleS} s)` : ''}, ` +
      `offset ${offsetS} s from link travel times by a two-way offset search (narrowest progression window forward ${extra['forwardBandS'] ?? 0} s, backward ${extra['backwardBandS'] ?? 0} s); Webster splits: ${describeSplits(timing)}.`
    : `Green wave: not on a coordinated arterial this round; planned alone by Webster: ${describeSplits(timing)}.`;
  const withMode = `${reason.slice(0, -1)}; ${describeActuation(mode, timing)}.`;
  return {
    timing,
    explanation: explain('green-wave', demand, context.nowMs, loads.map((l) => phaseInput(l)), timing, withMode, { ...extra }, coordination?.groupId ?? null),
  };
};
