import { validPayload } from '@arterial/contracts/testing';
import type { WireMessage } from './contract-message';
import { ContractPublisher } from './contract-publisher';

describe(ContractPublisher.name, () => {
  const now = Date.UTC(2026, 0, 15, 8);

  function sender(error?: Error) {
    const sent: WireMessage[] = [];
    return { sent, publish: (m: WireMessage, done?: (err?: Error) => void) => (sent.push(m), done?.(error)) };
  }

  it('sends a valid payload on its contract topic', async () => {
    const s = sender();
    const sut = new ContractPublisher(s, () => now);
    await sut.publish('plan-ack', 'A0', { planId: 'p1', accepted: true, ts: now });
    expect(s.sent).toEqual([{ topic: 'arterial/v1/controllers/A0/plan/ack', payload: '{"planId":"p1","accepted":true,"ts":' + now + '}', qos: 1, retain: false }]);
  });

  it('refuses an invalid payload and sends nothing', async () => {
    const s = sender();
    const sut = new ContractPublisher(s, () => now);
    await expect(sut.publish('plan-ack', 'A0', { planId: 'p1', accepted: false })).rejects.toThrow(/plan-ack for A0 breaks contract v1 \(semantic: reason is required/);
    await expect(sut.publish('status', 'A0', validPayload('status', now + 3_600_000))).rejects.toMatchObject({ name: 'ContractViolation' });
    expect(s.sent).toEqual([]);
  });

  it('passes the connection error on', async () => {
    const sut = new ContractPublisher(sender(new Error('not connected')), () => now);
    await expect(sut.publish('status', 'A0', validPayload('status', now))).rejects.toThrow('not connected');
  });
});
