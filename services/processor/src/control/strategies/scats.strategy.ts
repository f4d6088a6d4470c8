/**
 * SCATS-style (Sims & Dobinson 1980) cycle and split adaptation. The degree of saturation of each phase under the
 * running plan is DS = q / (s · g / C): flow over the capacity the running green gives (SCATS measures it from unused
 * green and gap counts at the stop line; our detectors report counts and occupancy per interval, so the flow form is
 * used). The cycle moves toward the one that brings the highest DS to the target (0.9), at most one cycle step per
 * plan; splits move toward equal DS (greens ∝ y), each green at most one green step per plan.
 *
 * Actuated (actuation.ts), as SCATS' local controllers are: free (the cycle floats with demand, each phase gaps out
 * and extends up to its maximum). Given a coordination with a coordinated phase it runs coordinated on it (SCATS'
 * phase A gets the time the others leave); the engine plans SCATS junctions alone for now: without SCATS' offset
 * plans, linking fixed the cycle and bought no progression (docs/signal-control.md).
 */
import type { PlanTiming } from '@arterial/contracts/network';
import { FREE, describeActuation, withActuation, type ActuationMode } from './actuation';
import { describeSplits, explain, phaseInput } from './explanation';
import { allocateGreens, feasibleCycleBounds, greenOf, greenStepBounds, lostTimeS, nextCycleAndOffset } from './green-allocation';
import { phaseLoads } from './lane-groups';
import type { ControlStrategyFn, StrategyResult } from './strategy.types';

export const SCATS_TARGET_DS = 0.9;
/** Largest cycle change per plan, s (SCATS moves the cycle by a few seconds a cycle). */
export const SCATS_CYCLE_STEP_S = 6;

export const scats: ControlStrategyFn = (junction, demand, context): StrategyResult => {
  const { running } = context;
  const loads = phaseLoads(junction, demand);
  const lost = lostTimeS(junction);
  const bounds = feasibleCycleBounds(junction, context.cycleBounds);
  const ds = loads.map((l) => {
    const green = greenOf(running.splits, l.phase);
    return green > 0 ? (l.flowRatio * running.cycleS) / green : Number.POSITIVE_INFINITY;
  });
  const dsMax = Math.max(...ds);
  const y = loads.reduce((s, l) => s + l.flowRatio, 0);
  // The cycle at which equal-DS greens put every phase at the target: Σ yᵢ·C/DS* + L = C.
  const wanted = y < SCATS_TARGET_DS ? lost / (1 - y / SCATS_TARGET_DS) : bounds.maxS;
  // SCATS moves its cycle by a few seconds a cycle, less than the general transition limit.
  const limits = { ...context.changeLimits, maxCycleStepS: Math.min(context.changeLimits.maxCycleStepS, SCATS_CYCLE_STEP_S) };
  const { cycleS, offsetS, joined } = nextCycleAndOffset({ ...context, changeLimits: limits }, wanted, bounds);
  const splits = allocateGreens(junction, cycleS, new Map(loads.map((l) => [l.phase, l.flowRatio])), greenStepBounds(running, context.changeLimits));
  const coordinatedPhase = context.coordination?.coordinatedPhase;
  const mode: ActuationMode = joined && coordinatedPhase !== undefined ? { kind: 'coordinated', phase: coordinatedPhase } : FREE;
  const timing: PlanTiming = withActuation(junction, { cycleS, offsetS, splits }, mode, context.passageS, context.presenceBoundedPhases);
  const dsAfter = Math.max(...loads.map((l) => (l.flowRatio * cycleS) / Math.max(greenOf(splits, l.phase), 1e-9)));
  const married = context.coordination ? ` married in group ${context.coordination.groupId} at ${cycleS} s;` : '';
  return {
    timing,
    explanation: explain(
      'scats',
      demand,
      context.nowMs,
      loads.map((l, i) => phaseInput(l, { degreeOfSaturation: Number.isFinite(ds[i]!) ? Math.round(ds[i]! * 1000) / 1000 : null })),
      timing,
      `SCATS: highest DS ${dsMax.toFixed(2)} under the running ${running.cycleS} s cycle, target ${SCATS_TARGET_DS};${married} cycle ${cycleS} s ` +
        `(wanted ${Math.round(Math.min(wanted, bounds.maxS))} s, step ≤ ${limits.maxCycleStepS} s); splits toward equal DS: ${describeSplits(timing)}; expected highest DS ${dsAfter.toFixed(2)}; ${describeActuation(mode, timing)}.`,
      { targetDs: SCATS_TARGET_DS, highestDs: Number.isFinite(dsMax) ? dsMax : -1, expectedHighestDs: dsAfter, lostTimeS: lost, criticalY: y, wantedCycleS: Math.min(wanted, bounds.maxS) },
      context.coordination?.groupId ?? null,
    ),
  };
};
