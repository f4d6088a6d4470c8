/**
 * The running cycle as intervals, for the phase-bar diagram: every phase of the sequence green → yellow → all-red,
 * from cycle second 0 (the same layout the controllers run: cycleSecond = (t − offset) mod cycle).
 */
import type { DispatchedPlan, IntersectionDetail } from '@arterial/contracts/api/v1';
import type { IntersectionLive } from '@arterial/contracts/live/v1';
import type { PlanSplit } from '@arterial/contracts/mqtt/v1';
import type { PhaseDefinition } from '@arterial/contracts/network';

export type IntervalKind = 'green' | 'yellow' | 'all-red';

export interface CycleInterval {
  phase: number;
  kind: IntervalKind;
  startS: number;
  endS: number;
}

export interface PlanTimingView {
  planId: string;
  cycleS: number;
  offsetS: number;
  splits: readonly PlanSplit[];
  /** Where the timing came from: a plan the centre sent, or the junction's local time-of-day plan. */
  source: 'centre' | 'time-of-day';
  dispatched: DispatchedPlan | null;
}

export function cycleIntervals(phases: readonly PhaseDefinition[], sequence: readonly number[], splits: readonly PlanSplit[]): CycleInterval[] {
  const intervals: CycleInterval[] = [];
  let t = 0;
  for (const phaseId of sequence) {
    const definition = phases.find((p) => p.id === phaseId);
    const green = splits.find((s) => s.phase === phaseId)?.greenS;
    if (definition === undefined || green === undefined) continue;
    for (const [kind, length] of [
      ['green', green],
      ['yellow', definition.yellowS],
      ['all-red', definition.allRedS],
    ] as const) {
      if (length > 0) intervals.push({ phase: phaseId, kind, startS: t, endS: t + length });
      t += length;
    }
  }
  return intervals;
}

/** The timing behind the controller's reported plan id: a plan the centre sent, else the local fallback plan. */
export function runningPlanTiming(
  live: Pick<IntersectionLive, 'planId'> | null,
  plans: readonly DispatchedPlan[],
  fallbackPlan: IntersectionDetail['fallbackPlan'],
): PlanTimingView | null {
  const planId = live?.planId;
  if (!planId) return null;
  const dispatched = plans.find((p) => p.plan.planId === planId);
  if (dispatched) return { planId, cycleS: dispatched.plan.cycleS, offsetS: dispatched.plan.offsetS, splits: dispatched.plan.splits, source: 'centre', dispatched };
  if (fallbackPlan && fallbackPlan.planId === planId) {
    return { planId, cycleS: fallbackPlan.cycleS, offsetS: fallbackPlan.offsetS, splits: fallbackPlan.splits, source: 'time-of-day', dispatched: null };
  }
  return null;
}

export interface ActivePhase {
  phase: number;
  state: 'green' | 'yellow' | 'red' | 'flashing-yellow' | 'dark';
  /** Seconds until this phase changes state, advanced by the time since the report. */
  remainingS: number;
}

/**
 * The phase that is running (green or yellow; during all-red the next to go green) and its time to change,
 * advanced by `elapsedS` since the state message so the countdown moves between reports.
 */
export function activePhase(live: Pick<IntersectionLive, 'phases'>, elapsedS: number): ActivePhase | null {
  const serving = live.phases.find((p) => p.state === 'green' || p.state === 'yellow' || p.state === 'flashing-yellow');
  const chosen = serving ?? [...live.phases].filter((p) => p.state === 'red').sort((a, b) => a.remainingS - b.remainingS)[0];
  if (!chosen) return null;
  return { phase: chosen.id, state: chosen.state, remainingS: Math.max(0, chosen.remainingS - Math.max(0, elapsedS)) };
}

/** The cycle second now: the reported one advanced by the time since the report, wrapped into the cycle. */
export function cursorSecond(cycleSecond: number, cycleS: number, elapsedS: number): number {
  if (!(cycleS > 0)) return 0;
  return (((cycleSecond + Math.max(0, elapsedS)) % cycleS) + cycleS) % cycleS;
}
