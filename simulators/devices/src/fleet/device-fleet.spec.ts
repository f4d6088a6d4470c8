import { validatePayload, parseTopic } from '@arterial/contracts/mqtt/v1';
import { FakeFleetTransport } from '../transport/fake-fleet-transport';
import { DeviceFleet, type DeviceFleetOptions } from './device-fleet';
import { planFromCounts } from './fleet-plan';

const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function makeFleet(transport: FakeFleetTransport, overrides: Partial<DeviceFleetOptions> = {}): DeviceFleet {
  return new DeviceFleet({
    plan: planFromCounts({ intersections: 10, detectorsPerIntersection: 4 }),
    transport,
    durationS: 30,
    rampPerSecond: 0,
    clientIdPrefix: 'spec',
    random: () => 0.5,
    ...overrides,
  });
}

describe(DeviceFleet.name, () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('opens one connection per controller and one per cabinet, with a retained offline will on each controller', () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport);
    void sut.start();
    expect(transport.connections).toHaveLength(20);
    const controllers = transport.connections.filter((c) => c.spec.will);
    expect(controllers).toHaveLength(10);
    expect(controllers[0]?.spec).toMatchObject({ clientId: 'spec-ctl-fleet00001', will: { topic: 'arterial/v1/controllers/fleet00001/status', qos: 1, retain: true } });
    expect(JSON.parse(controllers[0]?.will?.payload ?? '{}')).toMatchObject({ online: false });
    expect(transport.connections[1]?.spec.clientId).toBe('spec-cab-fleet00001');
    expect(sut.stats()).toMatchObject({ connections: 20, connected: 20, allConnectedAfterMs: 0 });
    void sut.kill();
  });

  it('gives every detector its own connection in the per-detector layout', () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport, { detectorLayout: 'per-detector' });
    void sut.start();
    expect(transport.connections).toHaveLength(50);
    void sut.kill();
  });

  it('publishes a retained online status on connect, stamped like the will, so the will is never older', () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport);
    void sut.start();
    const status = transport.published.filter((p) => p.topic.endsWith('/status'));
    expect(status).toHaveLength(10);
    expect(status[0]).toMatchObject({ qos: 1, retain: true });
    const online = JSON.parse(status[0]?.payload ?? '{}') as { online: boolean; ts: number };
    const will = JSON.parse(transport.connections[0]?.will?.payload ?? '{}') as { online: boolean; ts: number };
    expect(online.online).toBe(true);
    expect(will.ts).toBe(online.ts);
    void sut.kill();
  });

  it('paces new connections by the ramp rate', () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport, { plan: planFromCounts({ intersections: 100, detectorsPerIntersection: 2 }), rampPerSecond: 50 });
    void sut.start();
    expect(transport.connections.filter((c) => c.attempts > 0)).toHaveLength(5);
    jest.advanceTimersByTime(1000);
    expect(transport.connections.filter((c) => c.attempts > 0)).toHaveLength(55);
    jest.advanceTimersByTime(3000);
    expect(sut.stats().connected).toBe(200);
    expect(sut.stats().allConnectedAfterMs).toBeGreaterThanOrEqual(3800);
    void sut.kill();
  });

  it('publishes contract-valid state at the configured rate and measurements at the configured interval, seq per device', () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport, { stateHz: 2, measurementIntervalS: 5 });
    void sut.start();
    jest.advanceTimersByTime(10_000);
    const states = transport.published.filter((p) => p.topic.endsWith('/state'));
    const measurements = transport.published.filter((p) => p.topic.endsWith('/measurement'));
    expect(states.length).toBe(10 * 2 * 10);
    expect(measurements.length).toBe(40 * 2);
    expect(states.every((p) => p.qos === 0 && !p.retain)).toBe(true);
    expect(measurements.every((p) => p.qos === 1 && p.clientId.startsWith('spec-cab-'))).toBe(true);
    for (const p of transport.published) {
      const kind = parseTopic(p.topic)?.kind;
      if (!kind) throw new Error(`bad topic ${p.topic}`);
      const result = validatePayload(kind, JSON.parse(p.payload), { nowMs: Date.now() });
      expect(result).toMatchObject({ ok: true });
    }
    const seqs = states.filter((p) => p.topic.includes('fleet00003/')).map((p) => (JSON.parse(p.payload) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sut.stats().published).toEqual({ state: 200, measurement: 80, status: 10 });
    void sut.kill();
  });

  it('stops by itself after the duration: offline status from each controller, then a clean disconnect', async () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport, { durationS: 3 });
    const done = sut.start();
    await jest.advanceTimersByTimeAsync(3000);
    const summary = await done;
    expect(summary).toMatchObject({ ending: 'duration', connected: 0, controllers: 10, detectors: 40 });
    expect(transport.connections.every((c) => c.ended)).toBe(true);
    const offline = transport.published.filter((p) => p.topic.endsWith('/status') && (JSON.parse(p.payload) as { online: boolean }).online === false);
    expect(offline).toHaveLength(10);
    expect(transport.willsFired).toHaveLength(0);
    const before = transport.published.length;
    jest.advanceTimersByTime(5000);
    expect(transport.published).toHaveLength(before);
  });

  it('kill() drops every socket without DISCONNECT, so the broker fires each controller will', async () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport);
    void sut.start();
    const summary = await sut.kill();
    expect(summary.ending).toBe('killed');
    expect(transport.willsFired).toHaveLength(10);
    expect(transport.connections.every((c) => c.destroyed)).toBe(true);
  });

  it('retries failed connects and lost connections with jittered backoff, and counts them', () => {
    const transport = new FakeFleetTransport();
    transport.autoAccept = false;
    const sut = makeFleet(transport, { plan: planFromCounts({ intersections: 1, detectorsPerIntersection: 0 }), backoff: { initialMs: 1000, maxMs: 8000 } });
    void sut.start();
    const connection = transport.connections[0];
    if (!connection) throw new Error('no connection');
    connection.fail();
    expect(sut.stats().connectFailures).toBe(1);
    jest.advanceTimersByTime(749); // random 0.5 → 750 ms for the first retry
    expect(connection.attempts).toBe(1);
    jest.advanceTimersByTime(1);
    expect(connection.attempts).toBe(2);
    connection.accept();
    expect(sut.stats()).toMatchObject({ connected: 1, reconnects: 0 });
    connection.fail();
    expect(sut.stats()).toMatchObject({ connected: 0, disconnects: 1, connectFailures: 1 });
    jest.advanceTimersByTime(750);
    connection.accept();
    expect(sut.stats()).toMatchObject({ connected: 1, reconnects: 1 });
    void sut.kill();
  });

  it('skips and counts messages due while a connection is down, and counts publish errors', () => {
    const transport = new FakeFleetTransport();
    transport.autoAccept = false;
    const sut = makeFleet(transport, { plan: planFromCounts({ intersections: 2, detectorsPerIntersection: 0 }) });
    void sut.start();
    jest.advanceTimersByTime(2000);
    expect(sut.stats().skippedOffline).toBe(4);
    transport.failPublishes = true;
    transport.connections.forEach((c) => c.accept());
    jest.advanceTimersByTime(1000);
    expect(sut.stats().publishErrors).toBe(2 + 2); // two online statuses, two states
    void sut.kill();
  });

  it('pause() stops publishing but keeps the connections', () => {
    const transport = new FakeFleetTransport();
    const sut = makeFleet(transport);
    void sut.start();
    jest.advanceTimersByTime(1000);
    sut.pause();
    const count = transport.published.length;
    jest.advanceTimersByTime(5000);
    expect(transport.published).toHaveLength(count);
    expect(sut.stats().connected).toBe(20);
    void sut.kill();
  });

  it('rejects rates and durations it cannot honour', () => {
    const transport = new FakeFleetTransport();
    expect(() => makeFleet(transport, { durationS: 0 })).toThrow(/durationS/);
    expect(() => makeFleet(transport, { measurementIntervalS: 2.5 })).toThrow(/measurementIntervalS/);
    expect(() => makeFleet(transport, { stateHz: -1 })).toThrow(/stateHz/);
  });
});
