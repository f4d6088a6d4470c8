/**
 * The plan history as it stood at a replay time: plans sent in the window ending then, newest first, each with the
 * status it had then. An acknowledgement received later is not yet known (the plan is still `sent`); a plan
 * superseded by one sent later was not yet superseded. Timeouts and expiries keep their stored status: the list does
 * not say when they happened.
 */
import type { DispatchedPlan } from '@arterial/contracts/api/v1';

export function plansAsOf(plans: readonly DispatchedPlan[], fromMs: number, atMs: number): DispatchedPlan[] {
  const sent = plans.filter((p) => p.sentAt <= atMs);
  const out: DispatchedPlan[] = [];
  for (const p of sent) {
    if (p.sentAt < fromMs) continue;
    if ((p.status === 'accepted' || p.status === 'rejected') && (p.ackedAt === null || p.ackedAt > atMs)) {
      out.push({ ...p, status: 'sent', ackedAt: null, ackReason: null });
    } else if (p.status === 'superseded' && !sent.some((q) => q.sentAt > p.sentAt)) {
      out.push({ ...p, status: 'sent' });
    } else {
      out.push(p);
    }
  }
  return out.sort((a, b) => b.sentAt - a.sentAt);
}
