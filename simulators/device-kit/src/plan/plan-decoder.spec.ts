import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { validPayload } from '@arterial/contracts/testing';
import { decodePlan } from './plan-decoder';

describe(decodePlan.name, () => {
  const topic = buildTopic('plan', 'A0');

  it('decodes a plan on its own plan topic, leaving the clock rules to the controller', () => {
    const plan = { ...validPayload('plan'), issuedAt: Date.UTC(2090, 0, 1), expiresAt: Date.UTC(2090, 0, 2) };
    expect(decodePlan('A0', topic, JSON.stringify(plan))).toEqual({ ok: true, plan });
    expect(decodePlan('A0', topic, Buffer.from(JSON.stringify(plan)))).toEqual({ ok: true, plan });
  });

  it('keeps the planId of a message that breaks the contract, so it can be rejected by id', () => {
    expect(decodePlan('A0', topic, JSON.stringify({ planId: 'p-9', cycleS: 'long' }))).toEqual({ ok: false, planId: 'p-9', reason: expect.stringMatching(/^contract-schema: /) });
    expect(decodePlan('A0', topic, 'not json')).toEqual({ ok: false, planId: undefined, reason: expect.stringMatching(/^contract-bad-json: /) });
    expect(decodePlan('A0', topic, JSON.stringify({ planId: 'bad id' }))).toMatchObject({ ok: false, planId: undefined });
  });

  it('refuses a plan that arrived on another controller\'s topic', () => {
    expect(decodePlan('B1', topic, JSON.stringify(validPayload('plan')))).toEqual({ ok: false, planId: undefined, reason: `contract-bad-topic: ${topic} is not the plan topic of B1` });
  });
});
