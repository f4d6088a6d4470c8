/**
 * Cyclic max-pressure (Varaiya 2013; cyclic form of Le et al. 2015 and Levin, Hu & Odell 2020): within a fixed cycle
 * and phase order, each phase gets its effective minimum plus a share of the remaining green proportional to its
 * positive pressure. A movement's weight is (upstream queue per lane − downstream queue per lane) and the phase
 * pressure is Σ weight × saturation flow over the movements it serves. The cycle steps toward Webster's for the
 * measured flows (a short cycle at low demand, the longest when oversaturated), or the group's; every green moves by
 * at most one green step per plan. The plan runs free actuated (actuation.ts): pressure sets each phase's share, and
 * so its maximum green, while gap-out ends a phase whose queue has cleared, the second-by-second form of the same idea.
 */
import { effectiveMinGreenS, type IntersectionProperties, type PlanTiming } from '@arterial/contracts/network';
import { FREE, describeActuation, withActuation } from './actuation';
import { describeSplits, explain, phaseInput, round2 } from './explanation';
import { allocateGreens, feasibleCycleBounds, greenStepBounds, lostTimeS, nextCycleAndOffset } from './green-allocation';
import { SATURATION_FLOW_VPHPL, movementShare, phaseLoads, phaseOf, turnFactor } from './lane-groups';
import { exitKey, type ControlStrategyFn, type JunctionDemand, type StrategyResult } from './strategy.types';
import { websterNeededCycleS } from './webster.strategy';

export interface PhasePressure {
  readonly phase: number;
  readonly pressure: number;
  /** Upstream queue per lane summed over the phase's approaches (for the explanation). */
  readonly queueVeh: number;
}

export function phasePressures(junction: IntersectionProperties, demand: JunctionDemand): PhasePressure[] {
  return junction.sequence.map((id) => {
    const phase = phaseOf(junction, id);
    let pressure = 0;
    const queued = new Map<string, number>();
    for (const m of phase.movements) {
      const approach = demand.approaches.get(m.approachId);
      if (!approach?.trusted || approach.queuePerLaneVeh === null) continue;
      // The approach's lanes hold every movement; a movement's share of the queue follows its turning share.
      const upstream = approach.queuePerLaneVeh * movementShare(m, approach) * approach.lanes;
      const exit = demand.exitLinks.get(exitKey(m.approachId, m.turn));
      const downstream = exit === undefined ? 0 : (demand.downstreamPerLaneVeh.get(exit) ?? 0);
      pressure += (upstream - downstream) * ((SATURATION_FLOW_VPHPL * turnFactor(m)) / 3600);
      queued.set(m.approachId, approach.queuePerLaneVeh);
    }
    return { phase: id, pressure, queueVeh: [...queued.values()].reduce((s, q) => s + q, 0) };
  });
}

export const maxPressure: ControlStrategyFn = (junction, demand, context): StrategyResult => {
  const { running } = context;
  const bounds = feasibleCycleBounds(junction, context.cycleBounds);
  const { cycleS, offsetS } = nextCycleAndOffset(context, websterNeededCycleS(junction, demand, context), bounds);
  const pressures = phasePressures(junction, demand);
  const positive = pressures.reduce((s, p) => s + Math.max(0, p.pressure), 0);
  // Weights are the green wanted above the minimum; allocateGreens shares the cycle by weight, so add the minimum back.
  const spare = cycleS - lostTimeS(junction) - junction.sequence.reduce((s, id) => s + effectiveMinGreenS(phaseOf(junction, id)), 0);
  const weights = new Map(
    pressures.map((p) => {
      const min = effectiveMinGreenS(phaseOf(junction, p.phase));
      const extra = positive > 0 ? (spare * Math.max(0, p.pressure)) / positive : (running.splits.find((s) => s.phase === p.phase)?.greenS ?? min) - min;
      return [p.phase, min + Math.max(0, extra)];
    }),
  );
  const splits = allocateGreens(junction, cycleS, weights, greenStepBounds(running, context.changeLimits));
  const timing: PlanTiming = withActuation(junction, { cycleS, offsetS, splits }, FREE, context.passageS, context.presenceBoundedPhases);
  const loads = phaseLoads(junction, demand);
  const top = [...pressures].sort((a, b) => b.pressure - a.pressure)[0];
  return {
    timing,
    explanation: explain(
      'max-pressure',
      demand,
      context.nowMs,
      loads.map((l, i) => phaseInput(l, { pressure: round2(pressures[i]!.pressure), queueVeh: round2(pressures[i]!.queueVeh) })),
      timing,
      positive > 0
        ? `Max-pressure: ${cycleS} s nominal cycle; green above minimums shared by positive pressure, highest on phase ${top?.phase} (${top?.pressure.toFixed(1)}); ${describeSplits(timing)}; ${describeActuation(FREE, timing)}.`
        : `Max-pressure: no phase has positive pressure; the running split is kept within the ${cycleS} s nominal cycle: ${describeSplits(timing)}; ${describeActuation(FREE, timing)}.`,
      { totalPositivePressure: positive, spareGreenS: spare },
      context.coordination?.groupId ?? null,
    ),
  };
};
