import { buildTopic, validatePayload, type SignalPlan } from '@arterial/contracts/mqtt/v1';
import type { JunctionLimits, PhaseDefinition } from '@arterial/contracts/network';
import { PlanIntake } from './plan-intake';

const phase = (id: number, over: Partial<PhaseDefinition> = {}): PhaseDefinition => ({
  id, name: `Phase ${id}`, movements: [], minGreenS: 5, maxGreenS: 60, yellowS: 3, allRedS: 0, ...over,
});
/** Two phases, each 3 s yellow: greens must sum to cycleS − 6. */
const JUNCTION: JunctionLimits = { phases: [phase(1), phase(2)], sequence: [1, 2] };
const NOW = Date.UTC(2026, 0, 15, 8);
const TOPIC = buildTopic('plan', 'A0');

const plan = (over: Partial<SignalPlan> = {}): SignalPlan => ({
  planId: 'p1', issuedAt: NOW, expiresAt: NOW + 600_000, cycleS: 90, offsetS: 0,
  splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 34 }], reason: 'test', ...over,
});

describe(PlanIntake.name, () => {
  it('accepts a safe plan once, handing it over, and answers a redelivery with the same ack', () => {
    const sut = new PlanIntake('A0', JUNCTION);
    const first = sut.receive(TOPIC, JSON.stringify(plan()), NOW);
    expect(first).toEqual({ ack: { planId: 'p1', accepted: true, ts: NOW }, duplicate: false, plan: plan() });
    expect(validatePayload('plan-ack', first.ack, { nowMs: NOW }).ok).toBe(true);
    expect(sut.receive(TOPIC, JSON.stringify(plan()), NOW + 1000)).toEqual({ ack: first.ack, duplicate: true });
  });

  it('rejects with the contracts\' safety rules: exact cycle sums, minimum and maximum greens, missing and unknown phases', () => {
    const sut = new PlanIntake('A0', JUNCTION);
    const reasonOf = (p: SignalPlan): string | undefined => sut.decide(p, NOW).ack.reason;
    expect(reasonOf(plan({ planId: 'sum', splits: [{ phase: 1, greenS: 50 }, { phase: 2, greenS: 35 }] }))).toBe('cycle-mismatch: greens plus yellow and all-red take 91 s, cycle is 90 s');
    expect(reasonOf(plan({ planId: 'min', splits: [{ phase: 1, greenS: 80 }, { phase: 2, greenS: 4 }] }))).toMatch(/green-above-maximum: phase 1.*green-below-minimum: phase 2 green 4 s < minimum 5 s/);
    expect(reasonOf(plan({ planId: 'missing', splits: [{ phase: 1, greenS: 50 }] }))).toMatch(/^missing-phase: phase 2/);
    expect(reasonOf(plan({ planId: 'unknown', splits: [{ phase: 1, greenS: 40 }, { phase: 2, greenS: 34 }, { phase: 3, greenS: 10 }] }))).toMatch(/unknown-phase: phase 3/);
  });

  it('fences by lease epoch: a lower epoch is rejected as stale-epoch, equal and higher ones and plans without one pass', () => {
    const sut = new PlanIntake('A0', JUNCTION);
    expect(sut.decide(plan({ planId: 'none' }), NOW).ack.accepted).toBe(true);
    expect(sut.decide(plan({ planId: 'e5', leaseEpoch: 5 }), NOW).ack.accepted).toBe(true);
    expect(sut.decide(plan({ planId: 'e5b', leaseEpoch: 5 }), NOW).ack.accepted).toBe(true);
    const stale = sut.decide(plan({ planId: 'e4', leaseEpoch: 4 }), NOW);
    expect(stale).toEqual({ ack: { planId: 'e4', accepted: false, reason: 'stale-epoch', ts: NOW }, duplicate: false });
    expect(validatePayload('plan-ack', stale.ack, { nowMs: NOW }).ok).toBe(true);
    // An unsafe plan from a newer owner still proves that owner exists: its epoch fences the older one.
    expect(sut.decide(plan({ planId: 'e9-unsafe', leaseEpoch: 9, splits: [{ phase: 1, greenS: 80 }, { phase: 2, greenS: 4 }] }), NOW).ack.accepted).toBe(false);
    expect(sut.decide(plan({ planId: 'e6', leaseEpoch: 6 }), NOW).ack.reason).toBe('stale-epoch');
    expect(sut.leaseEpoch()).toBe(9);
    expect(sut.decide(plan({ planId: 'no-epoch-later' }), NOW).ack.accepted).toBe(true);
  });

  it('applies the clock rules on the controller\'s clock', () => {
    const sut = new PlanIntake('A0', JUNCTION);
    expect(sut.decide(plan({ planId: 'late', expiresAt: NOW - 1 }), NOW).ack.reason).toMatch(/^expired: /);
    expect(sut.decide(plan({ planId: 'early', issuedAt: NOW + 3_600_000, expiresAt: NOW + 7_200_000 }), NOW).ack.reason).toMatch(/^issued-in-future: /);
  });

  it('rejects a message that breaks the contract by its planId, and ignores one without a readable planId', () => {
    const sut = new PlanIntake('A0', JUNCTION);
    const broken = sut.receive(TOPIC, JSON.stringify({ planId: 'p-9', cycleS: 'long' }), NOW);
    expect(broken).toEqual({ ack: { planId: 'p-9', accepted: false, reason: expect.stringMatching(/^contract-schema: /), ts: NOW }, duplicate: false });
    expect(broken.ack && validatePayload('plan-ack', broken.ack, { nowMs: NOW }).ok).toBe(true);
    expect(sut.receive(TOPIC, 'not json', NOW)).toEqual({ ack: undefined, reason: expect.stringMatching(/^contract-bad-json/) });
    expect(sut.reject('p-9', 'again', NOW + 1)).toEqual({ ack: (broken as { ack: unknown }).ack, duplicate: true });
  });

  it('cuts a long contract failure to the length the ack allows', () => {
    const sut = new PlanIntake('A0', JUNCTION);
    const answer = sut.reject('p-long', 'x'.repeat(1000), NOW);
    expect(answer.ack.reason).toHaveLength(256);
  });
});
