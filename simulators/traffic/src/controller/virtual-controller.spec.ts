import { intersectionsOf } from '@arterial/contracts/network';
import { buildTopic, validatePayload, type ControllerState } from '@arterial/contracts/mqtt/v1';
import { demoNetwork } from '../network/demo-network';
import { demoJunction, T0, validPlan } from './testing/plan-factory';
import { CENTRE_FAULTS, VirtualController } from './virtual-controller';

/** States once a second over [fromMs, toMs). */
function statesOver(sut: VirtualController, fromMs: number, toMs: number): ControllerState[] {
  const states: ControllerState[] = [];
  for (let t = fromMs; t < toMs; t += 1000) states.push(sut.stateAt(t));
  return states;
}

describe(VirtualController.name, () => {
  const junction = intersectionsOf(demoNetwork())[0]!.properties;
  const T = Date.UTC(2025, 2, 3, 0, 0, 0);
  const fallbackId = junction.fallbackPlan.planId;
  /** Longest transition: two stretched cycles of at most 600 s, plus the wait for the boundary. */
  const SETTLE_MS = 3 * 600_000;

  it('reports every phase of the running fallback plan in a valid state payload', () => {
    const sut = new VirtualController(junction);
    const state = sut.stateAt(T);
    expect(validatePayload('state', state, { nowMs: T }).ok).toBe(true);
    expect(state).toMatchObject({ seq: 0, mode: 'fixed', planId: fallbackId, cycleS: junction.fallbackPlan.cycleS });
    expect(state.phases.map((p) => p.id).sort()).toEqual(junction.phases.map((p) => p.id).sort());
    expect(sut.stateAt(T + 1000).seq).toBe(1);
  });

  it('reports status with its faults, and notices when they change', () => {
    const sut = new VirtualController(junction);
    expect(sut.statusAt(T, true)).toEqual({ online: true, firmware: expect.any(String), faults: [], ts: T });
    expect(sut.setFaults(['DET_DEGRADED:XA-A1-N-S'])).toBe(true);
    expect(sut.setFaults(['DET_DEGRADED:XA-A1-N-S'])).toBe(false);
    const offline = sut.statusAt(T, false);
    expect(offline.faults).toEqual(['DET_DEGRADED:XA-A1-N-S']);
    expect(validatePayload('status', offline, { nowMs: T }).ok).toBe(true);
  });

  describe('centre plans', () => {
    const plan = validPlan(demoJunction(), { expiresAt: T0 + 3_600_000 });

    it('accepts a safe plan, keeps its plan to the cycle boundary, then reports the new plan in adaptive mode', () => {
      const sut = new VirtualController(junction);
      const answer = sut.receivePlan(plan, T0);
      expect(answer).toMatchObject({ ack: { planId: plan.planId, accepted: true, ts: T0 }, duplicate: false });
      expect(validatePayload('plan-ack', answer.ack, { nowMs: T0 }).ok).toBe(true);
      expect(sut.stateAt(answer.switchAtMs! - 1)).toMatchObject({ mode: 'fixed', planId: fallbackId });
      expect(sut.stateAt(answer.switchAtMs!)).toMatchObject({ mode: 'adaptive', planId: plan.planId });
      const settled = sut.stateAt(answer.switchAtMs! + SETTLE_MS);
      expect(settled).toMatchObject({ mode: 'adaptive', planId: plan.planId, cycleS: plan.cycleS });
      expect(settled.cycleSecond).toBeCloseTo((((answer.switchAtMs! + SETTLE_MS - plan.offsetS * 1000) % (plan.cycleS * 1000)) + plan.cycleS * 1000) % (plan.cycleS * 1000) / 1000, 6);
      for (const s of statesOver(sut, T0, answer.switchAtMs! + SETTLE_MS)) expect(validatePayload('state', s, { nowMs: s.ts }).ok).toBe(true);
    });

    it('answers a redelivered plan with the same ack and applies it once', () => {
      const sut = new VirtualController(junction);
      const first = sut.receivePlan(plan, T0);
      const again = sut.receivePlan(plan, T0 + 5_000);
      expect(again).toEqual({ ack: first.ack, duplicate: true });
      const rejected = sut.receivePlan({ ...plan, planId: 'bad-1', cycleS: plan.cycleS + 1 }, T0 + 6_000);
      expect(sut.receivePlan({ ...plan, planId: 'bad-1', cycleS: plan.cycleS + 1 }, T0 + 7_000)).toEqual({ ack: rejected.ack, duplicate: true });
      const undecodable = sut.receivePlanMessage(buildTopic('plan', junction.id), JSON.stringify({ planId: 'bad-1', cycleS: 'x' }), T0 + 8_000);
      expect(undecodable.ack).toBe(rejected.ack);
    });

    it('rejects a plan from a deposed owner (lower lease epoch) and keeps running its successor\'s plan', () => {
      const sut = new VirtualController(junction);
      const fresh = sut.receivePlan({ ...plan, planId: 'owner-b', leaseEpoch: 12 }, T0);
      expect(fresh.ack.accepted).toBe(true);
      const stale = sut.receivePlan({ ...plan, planId: 'owner-a', leaseEpoch: 11, cycleS: plan.cycleS }, T0 + 1_000);
      expect(stale).toEqual({ ack: { planId: 'owner-a', accepted: false, reason: 'stale-epoch', ts: T0 + 1_000 }, duplicate: false });
      expect(sut.stateAt(fresh.switchAtMs! + SETTLE_MS)).toMatchObject({ mode: 'adaptive', planId: 'owner-b' });
    });

    it('rejects an unsafe plan with a reason naming rule and phase, and keeps running what it ran', () => {
      const sut = new VirtualController(junction);
      const unsafe = { ...plan, planId: 'short-ped', splits: plan.splits.map((s) => (s.phase === 2 ? { ...s, greenS: s.greenS - 30 } : s.phase === 1 ? { ...s, greenS: s.greenS + 30 } : s)) };
      const answer = sut.receivePlan(unsafe, T0);
      expect(answer.ack).toMatchObject({ planId: 'short-ped', accepted: false });
      expect(answer.ack.reason).toMatch(/green-below-pedestrian: phase 2/);
      expect(validatePayload('plan-ack', answer.ack, { nowMs: T0 }).ok).toBe(true);
      expect(statesOver(sut, T0, T0 + SETTLE_MS).every((s) => s.planId === fallbackId && s.mode === 'fixed')).toBe(true);
    });

    it('returns to the local plan when the plan expires, and says so in status', () => {
      const sut = new VirtualController(junction);
      const shortLived = { ...plan, expiresAt: T0 + 900_000 };
      sut.receivePlan(shortLived, T0);
      // Plan messages keep coming (the centre is alive: here redeliveries), but none replaces this one.
      for (let t = T0; t < shortLived.expiresAt; t += 1000) {
        if (t % 60_000 === T0 % 60_000) sut.receivePlan(shortLived, t);
        expect(sut.superviseCentre(t)).toBeUndefined();
      }
      const fallback = sut.superviseCentre(shortLived.expiresAt);
      expect(fallback).toMatchObject({ cause: 'expired', planId: plan.planId });
      expect(sut.takeStatusDue()).toBe(true);
      expect(sut.statusAt(shortLived.expiresAt, true).faults).toEqual([CENTRE_FAULTS.expired]);
      expect(sut.stateAt(fallback!.switchAtMs - 1)).toMatchObject({ planId: plan.planId, mode: 'adaptive' });
      expect(sut.stateAt(fallback!.switchAtMs + SETTLE_MS)).toMatchObject({ planId: fallbackId, mode: 'fixed', cycleS: junction.fallbackPlan.cycleS });
      expect(sut.superviseCentre(shortLived.expiresAt + 1000)).toBeUndefined();
      // A new plan clears the fault.
      sut.receivePlan({ ...plan, planId: 'centre-2', issuedAt: shortLived.expiresAt, expiresAt: shortLived.expiresAt + 900_000 }, shortLived.expiresAt + 2000);
      expect(sut.statusAt(shortLived.expiresAt + 2000, true).faults).toEqual([]);
    });

    it('returns to the local plan when the centre sends nothing for centreSilenceS', () => {
      const sut = new VirtualController(junction, { centreSilenceS: 120 });
      sut.receivePlan(plan, T0);
      expect(sut.superviseCentre(T0 + 119_999)).toBeUndefined();
      // Any plan message, even a redelivery, shows the centre is alive.
      sut.receivePlan(plan, T0 + 100_000);
      expect(sut.superviseCentre(T0 + 219_999)).toBeUndefined();
      expect(sut.superviseCentre(T0 + 220_000)).toMatchObject({ cause: 'centre-silent', planId: plan.planId });
      expect(sut.statusAt(T0 + 220_000, true).faults).toEqual([CENTRE_FAULTS['centre-silent']]);
      expect(sut.stateAt(T0 + 220_000 + SETTLE_MS)).toMatchObject({ planId: fallbackId, mode: 'fixed' });
    });

    it('returns to the local plan when the broker stays unreachable for brokerLossS, and clears the fault on reconnect', () => {
      const sut = new VirtualController(junction, { brokerLossS: 30 });
      sut.receivePlan(plan, T0);
      sut.setBrokerConnected(false, T0 + 10_000);
      expect(sut.superviseCentre(T0 + 39_999)).toBeUndefined();
      expect(sut.superviseCentre(T0 + 40_000)).toMatchObject({ cause: 'broker-lost' });
      expect(sut.statusAt(T0 + 40_000, true).faults).toEqual([CENTRE_FAULTS['broker-lost']]);
      sut.takeStatusDue();
      sut.setBrokerConnected(true, T0 + 50_000);
      expect(sut.takeStatusDue()).toBe(true);
      expect(sut.statusAt(T0 + 50_000, true).faults).toEqual([]);
    });

    it('stays on its local plan, with no fault, while no centre plan was ever accepted', () => {
      const sut = new VirtualController(junction, { centreSilenceS: 1, brokerLossS: 1 });
      sut.setBrokerConnected(false, T0);
      expect(sut.superviseCentre(T0 + 3_600_000)).toBeUndefined();
      expect(sut.statusAt(T0, true).faults).toEqual([]);
    });
  });
});
