/**
 * When a junction's inputs fail, it goes back to its time-of-day plan (the network model's fallback plan), by
 * bounded steps like any other change, with an explanation that says which phases lost their inputs.
 */
import type { PlanExplanation } from '@arterial/contracts/api/v1';
import type { IntersectionProperties, PlanTiming } from '@arterial/contracts/network';
import { allocateGreens, feasibleCycleBounds, nextCycleAndOffset } from '../strategies/green-allocation';
import { describeSplits } from '../strategies/explanation';
import type { JunctionDemand, PlanningContext } from '../strategies/strategy.types';

export function fallbackTiming(junction: IntersectionProperties, context: PlanningContext): PlanTiming {
  const target = junction.fallbackPlan;
  const toward: PlanningContext = { ...context, coordination: { groupId: 'time-of-day', cycleS: target.cycleS, offsetS: target.offsetS } };
  const { cycleS, offsetS, joined } = nextCycleAndOffset(toward, target.cycleS, feasibleCycleBounds(junction, { minS: Math.min(context.cycleBounds.minS, target.cycleS), maxS: Math.max(context.cycleBounds.maxS, target.cycleS) }));
  if (joined && cycleS === target.cycleS && fitsStep(context.running, target, context)) {
    return { cycleS, offsetS, splits: target.splits.map((s) => ({ ...s })) };
  }
  const weights = new Map(target.splits.map((s) => [s.phase, s.greenS]));
  const bounds = new Map(context.running.splits.map((s) => [s.phase, { lower: s.greenS - context.changeLimits.maxGreenStepS, upper: s.greenS + context.changeLimits.maxGreenStepS }]));
  return { cycleS, offsetS, splits: allocateGreens(junction, cycleS, weights, bounds) };
}

function fitsStep(running: PlanTiming, target: PlanTiming, context: PlanningContext): boolean {
  return target.splits.every((s) => Math.abs(s.greenS - (running.splits.find((r) => r.phase === s.phase)?.greenS ?? s.greenS)) <= context.changeLimits.maxGreenStepS + 1e-9);
}

export function sameTiming(a: PlanTiming, b: PlanTiming): boolean {
  return a.cycleS === b.cycleS && a.offsetS === b.offsetS && a.splits.length === b.splits.length && a.splits.every((s) => b.splits.some((t) => t.phase === s.phase && Math.abs(t.greenS - s.greenS) < 1e-9));
}

export function fallbackExplanation(junction: IntersectionProperties, demand: JunctionDemand, timing: PlanTiming, nowMs: number, phasesWithoutInput: readonly number[]): PlanExplanation {
  const reaching = sameTiming(timing, junction.fallbackPlan) ? 'runs' : 'steps toward';
  return {
    strategy: 'time-of-day',
    source: 'fallback',
    computedAt: nowMs,
    inputs: {
      phases: phasesWithoutInput.map((phase) => ({ phase, flowVph: null, saturationFlowVph: null, flowRatio: null, degreeOfSaturation: null, queueVeh: null, pressure: null, predictedFlowVph: null })),
      detectorsUsed: demand.detectorsUsed,
      detectorsFaulty: demand.detectorsFaulty,
      groupId: null,
    },
    chosen: { cycleS: timing.cycleS, offsetS: timing.offsetS, splits: timing.splits.map((s) => ({ ...s })) },
    reason:
      `Inputs degraded: phase${phasesWithoutInput.length > 1 ? 's' : ''} ${phasesWithoutInput.join(', ')} ha${phasesWithoutInput.length > 1 ? 've' : 's'} no trustworthy detector ` +
      `(${demand.detectorsFaulty} of ${demand.detectorsUsed + demand.detectorsFaulty} detectors faulty or missing); the junction ${reaching} its time-of-day plan ` +
      `${junction.fallbackPlan.planId} (${junction.fallbackPlan.cycleS} s): ${describeSplits(timing)}.`,
  };
}
