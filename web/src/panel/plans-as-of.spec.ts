import type { DispatchedPlan } from '@arterial/contracts/api/v1';
import { plansAsOf } from './plans-as-of';

const T = 1_700_000_000_000;

function plan(planId: string, sentAt: number, status: DispatchedPlan['status'], ackedAt: number | null = null): DispatchedPlan {
  return {
    intersectionId: 'i1',
    plan: { planId, issuedAt: sentAt, expiresAt: sentAt + 600_000, cycleS: 60, offsetS: 0, splits: [{ phase: 1, greenS: 30 }], reason: 'test' },
    status,
    sentAt,
    ackedAt,
    ackReason: ackedAt === null ? null : 'ok',
  };
}

describe(plansAsOf.name, () => {
  const sut = plansAsOf;

  it('keeps plans sent in the window, newest first, and leaves out later and earlier ones', () => {
    const plans = [plan('late', T + 120_000, 'accepted', T + 121_000), plan('in', T, 'accepted', T + 1_000), plan('early', T - 7_200_000, 'accepted', T - 7_199_000)];

    expect(sut(plans, T - 3_600_000, T + 60_000).map((p) => p.plan.planId)).toEqual(['in']);
  });

  it('shows a plan acknowledged after the replay time as still sent, without the answer', () => {
    const [shown] = sut([plan('p', T, 'rejected', T + 5_000)], T - 60_000, T + 2_000);

    expect(shown).toMatchObject({ status: 'sent', ackedAt: null, ackReason: null });
  });

  it('keeps an acknowledgement received by the replay time', () => {
    const [shown] = sut([plan('p', T, 'accepted', T + 1_000)], T - 60_000, T + 1_000);

    expect(shown).toMatchObject({ status: 'accepted', ackedAt: T + 1_000 });
  });

  it('shows a plan superseded by a later one as sent until that one was sent', () => {
    const plans = [plan('newer', T + 30_000, 'accepted', T + 31_000), plan('older', T, 'superseded')];

    expect(sut(plans, T - 60_000, T + 10_000).map((p) => [p.plan.planId, p.status])).toEqual([['older', 'sent']]);
    expect(sut(plans, T - 60_000, T + 40_000).map((p) => [p.plan.planId, p.status])).toEqual([
      ['newer', 'accepted'],
      ['older', 'superseded'],
    ]);
  });
});
