/**
 * Whether a new plan is worth sending. Every plan a controller accepts is installed through a transition at its next
 * cycle boundary (and, for a floating actuated cycle, an offset seek of up to two cycles without actuation), so a
 * plan that changes nothing the controller would notice costs delay and buys nothing. What the controller notices:
 * - fixed-time or coordinated plans: the cycle, the offset, the coordinated phase, and greens moved by the deadband
 *   or more;
 * - free actuated plans (no coordinated phase, every phase actuated): the cycle floats and the split greens only seed
 *   the transition, so only the actuation (minimum, maximum moved by the deadband or more, passage) counts.
 */
import type { PlanTiming } from '@arterial/contracts/network';

/** Green or maximum-green moves smaller than this (s) are not worth a plan change. */
export const PLAN_CHANGE_DEADBAND_S = 2;
/** Free actuated plans: a maximum green moved by less than this share of itself is not worth a plan change. */
export const MAX_GREEN_RELATIVE_DEADBAND = 0.2;

export function isFreeActuated(timing: PlanTiming): boolean {
  return timing.coordinatedPhase === undefined && timing.splits.length > 0 && timing.splits.every((s) => s.actuation !== undefined);
}

export function changesMaterially(running: PlanTiming, next: PlanTiming, deadbandS: number = PLAN_CHANGE_DEADBAND_S): boolean {
  const free = isFreeActuated(running) && isFreeActuated(next);
  if (isFreeActuated(running) !== isFreeActuated(next) || running.coordinatedPhase !== next.coordinatedPhase) return true;
  if (!free && (running.cycleS !== next.cycleS || running.offsetS !== next.offsetS)) return true;
  if (running.splits.length !== next.splits.length) return true;
  return next.splits.some((s) => {
    const before = running.splits.find((r) => r.phase === s.phase);
    if (!before || (before.actuation === undefined) !== (s.actuation === undefined)) return true;
    if (!free && Math.abs(before.greenS - s.greenS) >= deadbandS) return true;
    const a = before.actuation;
    const b = s.actuation;
    if (!a || !b) return false;
    const maxDeadbandS = free ? Math.max(deadbandS, MAX_GREEN_RELATIVE_DEADBAND * a.maxGreenS) : deadbandS;
    return Math.abs(a.maxGreenS - b.maxGreenS) >= maxDeadbandS || Math.abs(a.minGreenS - b.minGreenS) > 1e-9 || Math.abs(a.passageS - b.passageS) > 1e-9;
  });
}
