import { buildTopic, CENTRE_SUBSCRIPTIONS, type DecodedMessage, type DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import { InMemoryBrokerConnection } from '../broker/in-memory-broker-connection';
import { ManualClock } from '../clock/clock';
import { LiveStateService } from '../state/live-state.service';
import { DEAD_LETTER_EXCERPT_BYTES } from '../storage/dead-letter-excerpt';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import type { TimeSeriesRecord } from '../storage/time-series-store';
import { IngestCountersService } from './ingest-counters';
import { IngestService } from './ingest.service';

const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);

function measurement(overrides: Partial<DetectorMeasurement> = {}): DetectorMeasurement {
  return { ts: NOW - 1000, seq: 1, intervalS: 10, volume: 4, occupancyPct: 12.5, speedKph: 42, health: 'ok', ...overrides };
}

async function setup() {
  const clock = new ManualClock(NOW);
  const broker = new InMemoryBrokerConnection({ subscriptions: CENTRE_SUBSCRIPTIONS, clock });
  const store = new InMemoryTimeSeriesStore();
  const written: TimeSeriesRecord[] = [];
  const write = jest.spyOn(store, 'write').mockImplementation((records) => void written.push(...records));
  const state = new LiveStateService();
  const counters = new IngestCountersService();
  const sut = new IngestService(clock, store, broker, state, counters);
  const accepted: DecodedMessage[] = [];
  sut.accepted$.subscribe((m) => accepted.push(m));
  sut.onModuleInit();
  await broker.start();
  return { sut, broker, clock, write, written, state, counters, accepted };
}

describe(IngestService.name, () => {
  it('applies an accepted message to live state, stores it and announces it', async () => {
    const { sut, broker, written, state, counters, accepted } = await setup();

    broker.deliverFromDevice(buildTopic('measurement', 'det-1'), JSON.stringify(measurement()));

    expect(state.detector('det-1')).toMatchObject({ ts: NOW - 1000, volume: 4, flowVph: 1440 });
    expect(written).toEqual([{ kind: 'measurement', detectorId: 'det-1', payload: measurement() }]);
    expect(accepted).toEqual([{ kind: 'measurement', deviceId: 'det-1', payload: measurement() }]);
    expect(counters.snapshot()).toEqual({ accepted: 1, rejected: 0, duplicates: 0 });
    expect(sut.lastActivity()).toBe(NOW);
  });

  it('stores a plan acknowledgement with the centre’s receive time', async () => {
    const { broker, clock, written } = await setup();
    clock.advance(250);

    broker.deliverFromDevice(buildTopic('plan-ack', 'int-1'), JSON.stringify({ planId: 'p-1', accepted: true }));

    expect(written).toEqual([{ kind: 'plan-ack', intersectionId: 'int-1', payload: { planId: 'p-1', accepted: true }, receivedAt: NOW + 250 }]);
  });

  it('counts a redelivery as a duplicate and does nothing else with it', async () => {
    const { broker, written, counters, accepted } = await setup();

    broker.deliverFromDevice(buildTopic('measurement', 'det-1'), JSON.stringify(measurement()));
    broker.deliverFromDevice(buildTopic('measurement', 'det-1'), JSON.stringify(measurement()));

    expect(written).toHaveLength(1);
    expect(accepted).toHaveLength(1);
    expect(counters.snapshot()).toEqual({ accepted: 1, rejected: 0, duplicates: 1 });
  });

  it('dead-letters a rejected message with its reason and a 512-byte excerpt cut between characters', async () => {
    const { broker, written, state, counters } = await setup();
    // `{"note":"` is 9 bytes, then 3-byte characters: byte 512 falls inside one.
    const payload = `{"note":"${'信号灯'.repeat(300)}`;

    broker.deliverFromDevice(buildTopic('measurement', 'det-2'), payload);

    expect(written).toHaveLength(1);
    const letter = written[0] as Extract<TimeSeriesRecord, { kind: 'dead-letter' }>;
    expect(letter).toMatchObject({ kind: 'dead-letter', receivedAt: NOW, topic: buildTopic('measurement', 'det-2'), reason: 'bad-json' });
    expect(letter.payloadExcerpt).toBe(payload.slice(0, 9 + 167));
    expect(Buffer.byteLength(letter.payloadExcerpt)).toBeLessThanOrEqual(DEAD_LETTER_EXCERPT_BYTES);
    expect(state.detector('det-2')).toBeUndefined();
    expect(counters.rejected).toBe(1);
    expect(counters.rejectedByReason).toEqual({ 'bad-json': 1 });
  });

  it('keeps the stream flowing when storage throws, counting the failure', async () => {
    const { sut, broker, write, state, counters } = await setup();
    write.mockImplementationOnce(() => {
      throw new Error('store bug');
    });

    broker.deliverFromDevice(buildTopic('measurement', 'det-1'), JSON.stringify(measurement({ seq: 1 })));
    broker.deliverFromDevice(buildTopic('measurement', 'det-1'), JSON.stringify(measurement({ seq: 2, ts: NOW })));

    expect(counters.errors).toBe(1);
    expect(state.detector('det-1')?.ts).toBe(NOW);
    expect(sut.running()).toBe(true);
  });

  it('still stores what arrives while the other capabilities shut down, and lets go only once the broker has stopped', async () => {
    const { sut, broker, written } = await setup();

    sut.onModuleDestroy();
    broker.deliverFromDevice(buildTopic('measurement', 'det-1'), JSON.stringify(measurement()));
    expect(written).toHaveLength(1);

    await sut.onApplicationShutdown();
    expect(broker.health().connected).toBe(false);
    expect(sut.running()).toBe(false);
  });
});
