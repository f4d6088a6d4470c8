import type { BrokerHealth, StoreHealth } from '@arterial/contracts/api/v1';
import { assessReadiness, SPOOL_READY_SHARE, type ReadinessInputs } from './readiness';

const broker = (over: Partial<BrokerHealth> = {}): BrokerHealth => ({
  mode: 'embedded',
  url: 'mqtt://127.0.0.1:1883',
  connected: true,
  reconnects: 0,
  embedded: { listening: true, port: 1883, connectedClients: 0 },
  ...over,
});
const storage = (reachable: boolean, bytes = 0, limitBytes = 1000): StoreHealth => ({ reachable, pendingRecords: 0, spool: { records: 0, bytes, limitBytes }, written: 0 });
const inputs = (over: Partial<ReadinessInputs> = {}): ReadinessInputs => ({
  broker: broker(),
  storage: storage(true),
  network: { intersections: 2, detectors: 8 },
  pipelineRunning: true,
  ...over,
});

describe(assessReadiness.name, () => {
  it('is ready when every part is', () => {
    const sut = assessReadiness(inputs());
    expect(sut.ready).toBe(true);
    expect(Object.values(sut.checks).every((c) => c.ok)).toBe(true);
  });

  it('stays ready while InfluxDB is away and the spool has room, and not once it nears its limit', () => {
    expect(assessReadiness(inputs({ storage: storage(false, 100, 1000) })).ready).toBe(true);
    const full = assessReadiness(inputs({ storage: storage(false, 1000 * SPOOL_READY_SHARE, 1000) }));
    expect(full.ready).toBe(false);
    expect(full.checks.storage).toEqual({ ok: false, detail: expect.stringContaining('nearly full') as string });
  });

  it.each<[string, Partial<ReadinessInputs>, keyof ReturnType<typeof assessReadiness>['checks']]>([
    ['the broker session is down', { broker: broker({ connected: false, lastError: 'ECONNREFUSED' }) }, 'broker'],
    ['the embedded broker is not listening', { broker: broker({ embedded: { listening: false, port: 1883, connectedClients: 0 } }) }, 'broker'],
    ['the network is empty', { network: { intersections: 0, detectors: 0 } }, 'network'],
    ['the pipeline is not running', { pipelineRunning: false }, 'pipeline'],
  ])('is not ready when %s', (_what, over, failing) => {
    const sut = assessReadiness(inputs(over));
    expect(sut.ready).toBe(false);
    expect(Object.entries(sut.checks).filter(([, c]) => !c.ok).map(([name]) => name)).toEqual([failing]);
  });

  it('accepts an external broker, which has no embedded listener', () => {
    expect(assessReadiness(inputs({ broker: broker({ mode: 'external', embedded: undefined }) })).checks.broker.ok).toBe(true);
  });

  it('stays ready but says degraded, with the reason, while back-pressure pauses input', () => {
    const paused = { state: 'paused', reason: 'store write queue: 60000 messages', pausedSince: 1, pausedSeconds: 2, pauses: 1, shedMessages: 5, heldMessages: 3, heldBytes: 300, refusedOverCap: 0 } as const;
    const sut = assessReadiness(inputs({ backpressure: paused }));
    expect(sut.ready).toBe(true);
    expect(sut.degraded).toContain('store write queue: 60000 messages');
    expect(assessReadiness(inputs({ backpressure: { ...paused, state: 'flowing', reason: null } })).degraded).toBeUndefined();
  });
});
