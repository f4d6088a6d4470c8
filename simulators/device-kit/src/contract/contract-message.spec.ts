import { validPayload } from '@arterial/contracts/testing';
import { contractProblem, routeOf, toWire } from './contract-message';

describe(toWire.name, () => {
  it('takes topic, QoS and retain from the contract and sends JSON', () => {
    const payload = validPayload('status');
    expect(toWire({ kind: 'status', deviceId: 'A0', payload })).toEqual({
      topic: 'arterial/v1/controllers/A0/status',
      payload: JSON.stringify(payload),
      qos: 1,
      retain: true,
    });
    expect(routeOf('state', 'A0')).toEqual({ topic: 'arterial/v1/controllers/A0/state', qos: 0, retain: false });
    expect(routeOf('measurement', 'd1')).toEqual({ topic: 'arterial/v1/detectors/d1/measurement', qos: 1, retain: false });
    expect(() => routeOf('state', 'no spaces')).toThrow(/invalid device id/);
  });
});

describe(contractProblem.name, () => {
  it('names the broken rule, or nothing for a valid message', () => {
    const now = Date.UTC(2026, 0, 15, 8);
    expect(contractProblem({ kind: 'measurement', deviceId: 'd1', payload: validPayload('measurement', now) }, now)).toBeUndefined();
    const bad = { ...validPayload('measurement', now), occupancyPct: 120 };
    expect(contractProblem({ kind: 'measurement', deviceId: 'd1', payload: bad }, now)).toMatch(/^schema: \/occupancyPct/);
    const ahead = validPayload('measurement', now + 3_600_000);
    expect(contractProblem({ kind: 'measurement', deviceId: 'd1', payload: ahead }, now)).toMatch(/^future-timestamp/);
    expect(contractProblem({ kind: 'measurement', deviceId: 'd1', payload: ahead }, Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });
});
