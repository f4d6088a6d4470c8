/**
 * What an operator fills in before an override is sent, and the client-side checks that run before sending (the
 * server checks again): a reason, a duration within the action's limit, and for a forced plan the contract's
 * safety rules (`planViolations`), so an unsafe plan is caught before it leaves the browser.
 */
import { MAX_OVERRIDE_HOLD_S, MAX_OVERRIDE_S, type OverrideAction, type OverrideRequest } from '@arterial/contracts/api/v1';
import type { PlanSplit, SignalPlan } from '@arterial/contracts/mqtt/v1';
import { planViolations, type JunctionLimits, type PlanViolation } from '@arterial/contracts/network';

export interface OverrideDraft {
  action: OverrideAction;
  reason: string;
  durationS: number;
  phase: number | null;
  /** Forced plan: greens by phase, taken from the running plan and edited. */
  greens: Readonly<Record<number, number>>;
  offsetS: number;
}

export const DEFAULT_DURATION_S: Record<OverrideAction, number> = { 'force-plan': 900, 'hold-phase': 60, flash: 300, 'resume-adaptive': 0 };

export function maxDurationS(action: OverrideAction): number {
  return action === 'hold-phase' ? MAX_OVERRIDE_HOLD_S : MAX_OVERRIDE_S;
}

/** The cycle the edited greens make: every phase's green plus its yellow and all-red (no slack, as the rules demand). */
export function forcedCycleS(junction: JunctionLimits, greens: Readonly<Record<number, number>>): number {
  return junction.sequence.reduce((sum, id) => {
    const phase = junction.phases.find((p) => p.id === id);
    return sum + (greens[id] ?? 0) + (phase ? phase.yellowS + phase.allRedS : 0);
  }, 0);
}

export function forcedSplits(junction: JunctionLimits, greens: Readonly<Record<number, number>>): PlanSplit[] {
  return junction.sequence.map((phase) => ({ phase, greenS: greens[phase] ?? 0 }));
}

/** The forced plan as the controller would get it, with stand-in id and times, for the contract's safety rules. */
export function forcedPlanViolations(junction: JunctionLimits, draft: OverrideDraft, nowMs: number): PlanViolation[] {
  const cycleS = forcedCycleS(junction, draft.greens);
  const plan: SignalPlan = {
    planId: 'draft',
    issuedAt: nowMs,
    expiresAt: nowMs + draft.durationS * 1000,
    cycleS,
    offsetS: cycleS > 0 ? draft.offsetS % cycleS : 0,
    splits: forcedSplits(junction, draft.greens),
    reason: draft.reason.trim() || 'draft',
  };
  return planViolations(junction, plan, nowMs);
}

export type DraftProblem = 'reason-required' | 'duration-out-of-range' | 'phase-required' | 'unsafe-plan';

export function draftProblems(junction: JunctionLimits, draft: OverrideDraft, nowMs: number): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.reason.trim().length === 0) problems.push('reason-required');
  if (draft.action !== 'resume-adaptive' && !(draft.durationS > 0 && draft.durationS <= maxDurationS(draft.action))) problems.push('duration-out-of-range');
  if (draft.action === 'hold-phase' && (draft.phase === null || !junction.sequence.includes(draft.phase))) problems.push('phase-required');
  if (draft.action === 'force-plan' && forcedPlanViolations(junction, draft, nowMs).length > 0) problems.push('unsafe-plan');
  return problems;
}

/** The request body for a draft without problems. */
export function overrideRequest(junction: JunctionLimits, draft: OverrideDraft): OverrideRequest {
  const reason = draft.reason.trim();
  switch (draft.action) {
    case 'resume-adaptive':
      return { action: 'resume-adaptive', reason };
    case 'flash':
      return { action: 'flash', durationS: draft.durationS, reason };
    case 'hold-phase':
      return { action: 'hold-phase', phase: draft.phase ?? undefined, durationS: draft.durationS, reason };
    case 'force-plan': {
      const cycleS = forcedCycleS(junction, draft.greens);
      return {
        action: 'force-plan',
        durationS: draft.durationS,
        reason,
        plan: { cycleS, offsetS: cycleS > 0 ? draft.offsetS % cycleS : 0, splits: forcedSplits(junction, draft.greens), reason },
      };
    }
  }
}
