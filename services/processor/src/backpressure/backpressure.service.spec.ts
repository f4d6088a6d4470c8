import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { InMemoryBrokerConnection } from '../broker/in-memory-broker-connection';
import { ManualClock } from '../clock/clock';
import { loadConfig } from '../config/processor-config';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { StoreHealth } from '../storage/time-series-store';
import type { PublishGate } from './publish-gate';
import { BackpressureService } from './backpressure.service';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);

function setup() {
  const clock = new ManualClock(NOW);
  const store = new InMemoryTimeSeriesStore();
  let memoryLines = 0;
  const health = store.health();
  jest.spyOn(store, 'health').mockImplementation((): StoreHealth => ({ ...health, pendingRecords: memoryLines + 7, spool: { ...health.spool, records: 7 } }));
  // The embedded broker's hook on an in-memory connection: the service only needs attachPublishGate.
  const attached: { gate?: PublishGate } = {};
  const broker = Object.assign(new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock }), { attachPublishGate: (gate: PublishGate) => void (attached.gate = gate) });
  const config = { ...loadConfig({}), backpressure: { storeQueue: { high: { messages: 1000, bytes: Infinity }, low: { messages: 100, bytes: Infinity } }, sampleMs: 10 } };
  const sut = new BackpressureService(clock, store, broker, config);
  return { sut, clock, attached, setLines: (n: number) => (memoryLines = n) };
}

describe(BackpressureService.name, () => {
  it('pauses input when the store queue (memory, not spool) passes its high mark and resumes under the low mark', () => {
    const { sut, clock, attached, setLines } = setup();
    sut.onModuleInit();
    expect(attached.gate).toBe(sut.gate);
    setLines(999);
    sut.sample();
    expect(sut.report()).toMatchObject({ state: 'flowing', reason: null, pauses: 0 });
    setLines(1000);
    sut.sample();
    expect(sut.report()).toMatchObject({ state: 'paused', pausedSince: NOW, pauses: 1 });
    expect(sut.report().reason).toContain('store write queue: 1000 messages');
    expect(sut.gate.isOpen()).toBe(false);
    clock.advance(1500);
    setLines(101);
    sut.sample();
    expect(sut.report()).toMatchObject({ state: 'paused', pausedSeconds: 1.5 });
    setLines(100);
    sut.sample();
    expect(sut.report()).toMatchObject({ state: 'flowing', reason: null, pausedSince: null, pausedSeconds: 1.5, pauses: 1 });
    expect(sut.gate.isOpen()).toBe(true);
    sut.onModuleDestroy();
  });

  it('leaves a broker without a gate alone (external broker, replay)', () => {
    const clock = new ManualClock(NOW);
    const broker = new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock });
    const sut = new BackpressureService(clock, new InMemoryTimeSeriesStore(), broker, loadConfig({}));
    sut.onModuleInit();
    expect(sut.report().state).toBe('flowing');
    sut.onModuleDestroy();
  });
});
