import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { InMemoryBrokerConnection } from '../broker/in-memory-broker-connection';
import { ManualClock } from '../clock/clock';
import { loadConfig } from '../config/processor-config';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { StoreHealth } from '../storage/time-series-store';
import type { PublishGate } from './publish-gate';
import { BackpressureService } from './backpressure.service';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);

function setup(heldCap = { messages: 50_000, bytes: Infinity }) {
  const clock = new ManualClock(NOW);
  const store = new InMemoryTimeSeriesStore();
  let memoryLines = 0;
  const health = store.health();
  jest.spyOn(store, 'health').mockImplementation((): StoreHealth => ({ ...health, pendingRecords: memoryLines + 7, spool: { ...health.spool, records: 7 } }));
  // The embedded broker's hook on an in-memory connection: the service only needs attachPublishGate.
  const attached: { gate?: PublishGate } = {};
  const broker = Object.assign(new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock }), { attachPublishGate: (gate: PublishGate) => void (attached.gate = gate) });
  const config = { ...loadConfig({}), backpressure: { storeQueue: { high: { messages: 1000, bytes: Infinity }, low: { messages: 100, bytes: Infinity } }, sampleMs: 10, heldCap } };
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

  it('keeps the held total and the store queue under their caps when thousands of held clients could go on at once', () => {
    // 4,000 clients, each holding one socket read of 10 QoS 1 publishes (what aedes holds per client), each reading
    // its next 10 as soon as the last are done, 5 reads in all. The WAL completes publishes one tick after they
    // were let on; the store queue then takes one line per publish and writes 400 lines a tick. Held publishes are
    // capped at 30,000: a client refused there is disconnected and resends that read (reconnecting) next tick.
    const heldCap = 30_000;
    const { sut, attached, setLines } = setup({ messages: heldCap, bytes: Infinity });
    sut.onModuleInit();
    const gate = attached.gate as PublishGate;
    const clients = 4000;
    const perRead = 10;
    const reads = 5;
    let lines = 0;
    let walPending: (() => void)[] = [];
    let peakLines = 0;
    let peakHeld = 0;
    let stored = 0;
    let reconnecting: (() => void)[] = [];
    type SimClient = { readsLeft: number; refused: boolean };
    const read = (client: SimClient) => {
      let undone = perRead;
      client.refused = false;
      for (let i = 0; i < perRead && !client.refused; i++) {
        const forward = (done: (error?: Error | null) => void) => void walPending.push(() => ((lines += 1), (stored += 1), done(null)));
        const completed = (error?: Error | null) => {
          if (error) {
            // Connection closed: what it had held of this read is never acknowledged; the device resends it all.
            client.refused = true;
            return void reconnecting.push(() => read(client));
          }
          if (--undone === 0 && !client.refused) readNext(client);
        };
        gate.admit({ qos: 1, payload: { length: 200 } }, forward, completed, () => undefined);
      }
    };
    const readNext = (client: SimClient) => {
      if (client.readsLeft-- > 0) read(client);
    };
    setLines(1000);
    sut.sample();
    expect(gate.isOpen()).toBe(false);
    for (let c = 0; c < clients; c++) readNext({ readsLeft: reads, refused: false });
    expect(gate.heldDepth().messages).toBe(heldCap);
    for (let tick = 0; tick < 10_000 && !(gate.isOpen() && stored >= clients * perRead * reads); tick++) {
      lines = Math.max(0, lines - 400);
      const completing = walPending;
      walPending = [];
      for (const complete of completing) complete();
      const resending = reconnecting;
      reconnecting = [];
      for (const resend of resending) resend();
      setLines(lines);
      peakLines = Math.max(peakLines, lines);
      peakHeld = Math.max(peakHeld, gate.heldDepth().messages);
      sut.sample();
    }
    expect(peakLines).toBeLessThanOrEqual(1000);
    expect(peakHeld).toBe(heldCap);
    expect(gate.refusedOverCap).toBeGreaterThan(0);
    // Everything acknowledged is stored; a refused read's earlier publishes that went on are stored twice at most.
    expect(stored).toBeGreaterThanOrEqual(clients * perRead * reads);
    expect(sut.report()).toMatchObject({ state: 'flowing', heldMessages: 0 });
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
