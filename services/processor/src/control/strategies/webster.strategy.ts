/**
 * Webster (1958): the cycle that minimises delay, C₀ = (1.5 L + 5) / (1 − Y), and greens in proportion to the
 * critical flow ratios (equal degree of saturation), bounded by the junction's limits and by how far one plan may
 * move from the running one. With Y at or above 0.9 the formula breaks down (C₀ → ∞): the junction runs its longest
 * cycle.
 */
import type { IntersectionProperties, PlanTiming } from '@arterial/contracts/network';
import { describeSplits, explain, phaseInput } from './explanation';
import { allocateGreens, feasibleCycleBounds, greenStepBounds, lostTimeS, nextCycleAndOffset } from './green-allocation';
import { phaseLoads, type PhaseLoad } from './lane-groups';
import type { ControlStrategyFn, JunctionDemand, PlanningContext, StrategyResult } from './strategy.types';

/** Above this Y the junction is oversaturated for Webster's model; it gets its longest cycle. */
export const WEBSTER_MAX_Y = 0.9;

/** C₀ in seconds, unbounded; Infinity when Y ≥ WEBSTER_MAX_Y. */
export function websterCycleS(lostS: number, criticalY: number): number {
  if (criticalY >= WEBSTER_MAX_Y) return Number.POSITIVE_INFINITY;
  return (1.5 * lostS + 5) / (1 - criticalY);
}

/** Webster's cycle for the junction within its feasible bounds (what green-wave asks each member for). */
export function websterNeededCycleS(junction: IntersectionProperties, demand: JunctionDemand, context: Pick<PlanningContext, 'cycleBounds'>): number {
  const bounds = feasibleCycleBounds(junction, context.cycleBounds);
  const y = phaseLoads(junction, demand).reduce((s, l) => s + l.flowRatio, 0);
  const c0 = websterCycleS(lostTimeS(junction), y);
  return Number.isFinite(c0) ? Math.min(bounds.maxS, Math.max(bounds.minS, Math.ceil(c0))) : bounds.maxS;
}

/** Greens for a given cycle by equal saturation (weights yᵢ), within the bounded transition from the running plan. */
export function websterSplits(junction: IntersectionProperties, loads: readonly PhaseLoad[], cycleS: number, running: PlanTiming, context: PlanningContext): PlanTiming['splits'] {
  return allocateGreens(junction, cycleS, new Map(loads.map((l) => [l.phase, l.flowRatio])), greenStepBounds(running, context.changeLimits));
}

export const webster: ControlStrategyFn = (junction, demand, context): StrategyResult => {
  const loads = phaseLoads(junction, demand);
  const lost = lostTimeS(junction);
  const y = loads.reduce((s, l) => s + l.flowRatio, 0);
  const bounds = feasibleCycleBounds(junction, context.cycleBounds);
  const c0 = websterCycleS(lost, y);
  const target = Number.isFinite(c0) ? Math.ceil(c0) : bounds.maxS;
  const { cycleS, offsetS } = nextCycleAndOffset(context, target, bounds);
  const splits = websterSplits(junction, loads, cycleS, context.running, context);
  const timing: PlanTiming = { cycleS, offsetS, splits };
  const why = Number.isFinite(c0)
    ? `Webster: Y = ${y.toFixed(3)}, L = ${lost} s gives C0 = ${c0.toFixed(1)} s`
    : `Webster: Y = ${y.toFixed(3)} ≥ ${WEBSTER_MAX_Y}, oversaturated, longest cycle ${bounds.maxS} s`;
  const stepped = cycleS === target ? '' : ` (stepped from ${context.running.cycleS} s toward ${context.coordination?.cycleS ?? target} s)`;
  return {
    timing,
    explanation: explain(
      'webster',
      demand,
      context.nowMs,
      loads.map((l) => phaseInput(l)),
      timing,
      `${why}; cycle ${cycleS} s${stepped}; greens by equal saturation: ${describeSplits(timing)}.`,
      { lostTimeS: lost, criticalY: y, websterCycleS: Number.isFinite(c0) ? c0 : -1, cycleMinS: bounds.minS, cycleMaxS: bounds.maxS },
      context.coordination?.groupId ?? null,
    ),
  };
};
