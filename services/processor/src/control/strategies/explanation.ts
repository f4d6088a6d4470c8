/** Builds the PlanExplanation every strategy returns, so all of them report their inputs the same way. */
import type { ControlStrategy, PhaseInput, PlanExplanation } from '@arterial/contracts/api/v1';
import type { PlanTiming } from '@arterial/contracts/network';
import type { PhaseLoad } from './lane-groups';
import type { JunctionDemand } from './strategy.types';

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The phase inputs from the lane-group loads; strategies add their own figures (DS, queue, pressure). */
export function phaseInput(load: PhaseLoad, extra: Partial<PhaseInput> = {}): PhaseInput {
  return {
    phase: load.phase,
    flowVph: load.flowVph === null ? null : round2(load.flowVph),
    saturationFlowVph: round2(load.saturationFlowVph),
    flowRatio: load.trusted ? round2(load.flowRatio * 100) / 100 : null,
    degreeOfSaturation: null,
    queueVeh: null,
    pressure: null,
    predictedFlowVph: null,
    ...extra,
  };
}

export function explain(
  strategy: ControlStrategy,
  demand: JunctionDemand,
  nowMs: number,
  phases: PhaseInput[],
  timing: PlanTiming,
  reason: string,
  extra: Record<string, number>,
  groupId: string | null = null,
): PlanExplanation {
  return {
    strategy,
    source: 'engine',
    computedAt: nowMs,
    inputs: {
      phases,
      detectorsUsed: demand.detectorsUsed,
      detectorsFaulty: demand.detectorsFaulty,
      groupId,
      extra: Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, round2(v)])),
    },
    chosen: { cycleS: timing.cycleS, offsetS: timing.offsetS, splits: timing.splits.map((s) => ({ ...s })) },
    reason: reason.length > 1024 ? `${reason.slice(0, 1023)}…` : reason,
  };
}

/** "2: 34 s, 4: 28 s" for reasons in words. */
export function describeSplits(timing: PlanTiming): string {
  return timing.splits.map((s) => `phase ${s.phase} ${s.greenS} s`).join(', ');
}
