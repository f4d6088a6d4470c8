import { buildTopic, MAX_PAYLOAD_BYTES, parseTopic, type DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import { map as rxjsMap, of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ManualClock } from '../clock/clock';
import type { InboundMessage } from '../broker/broker-connection';
import { PAYLOAD_BYTES_PER_LINE_UNIT } from '../replay/recording-line.codec';
import { decodeInbound, DuplicateFilter, markDuplicates, TopicCache, type IngestOutcome } from './ingest.pipeline';
import { ParsedInboundMessage } from './parsed-inbound-message';

const NOW = Date.UTC(2026, 10, 27, 8, 0, 0);

function measurement(overrides: Partial<DetectorMeasurement> = {}): DetectorMeasurement {
  return { ts: NOW - 1000, seq: 1, intervalS: 10, volume: 4, occupancyPct: 12.5, speedKph: 42, health: 'ok', ...overrides };
}

function inbound(payload: unknown, topic = buildTopic('measurement', 'det-1')): InboundMessage {
  return { topic, payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)), receivedAt: NOW };
}

function outcomeOf(item: IngestOutcome): string {
  return item.outcome === 'rejected' ? `rejected:${item.reason}` : item.outcome;
}

describe('ingest pipeline', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('accepts, rejects with a reason and marks redeliveries, in order, without stopping', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const values = {
        a: inbound(measurement()),
        b: inbound('{"ts": "NaN"'),
        c: inbound(measurement()),
        d: inbound(measurement(), 'arterial/v1/detectors/bad id/measurement'),
        e: inbound(measurement({ seq: 2, ts: NOW })),
      };
      const source = cold('a-b-c-d-e|', values);
      const sut = source.pipe(decodeInbound(new ManualClock(NOW)), markDuplicates(new DuplicateFilter()));
      expectObservable(sut.pipe(rxjsMap(outcomeOf))).toBe('a-b-c-d-e|', {
        a: 'accepted',
        b: 'rejected:bad-json',
        c: 'duplicate',
        d: 'rejected:bad-topic',
        e: 'accepted',
      });
    });
  });
});

describe(DuplicateFilter.name, () => {
  const decoded = (m: DetectorMeasurement, deviceId = 'det-1') => ({ kind: 'measurement' as const, deviceId, payload: m });

  it('drops only exact redeliveries of (device, seq, ts)', () => {
    const sut = new DuplicateFilter();
    expect(sut.isDuplicate(decoded(measurement({ seq: 5 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 5 })))).toBe(true);
    expect(sut.isDuplicate(decoded(measurement({ seq: 5 }), 'det-2'))).toBe(false);
  });

  it('keeps messages after a reboot restarts seq, and reordered ones', () => {
    const sut = new DuplicateFilter();
    expect(sut.isDuplicate(decoded(measurement({ seq: 0, ts: NOW - 50_000 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 2, ts: NOW - 30_000 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 1, ts: NOW - 40_000 })))).toBe(false);
    // Reboot: seq 0 again, later ts.
    expect(sut.isDuplicate(decoded(measurement({ seq: 0, ts: NOW - 10_000 })))).toBe(false);
  });

  it('forgets the oldest keys beyond its per-device window, so memory stays bounded', () => {
    const sut = new DuplicateFilter(3);
    for (let seq = 0; seq < 4; seq += 1) sut.isDuplicate(decoded(measurement({ seq, ts: NOW - 10_000 + seq })));
    expect(sut.isDuplicate(decoded(measurement({ seq: 3, ts: NOW - 10_000 + 3 })))).toBe(true);
    expect(sut.isDuplicate(decoded(measurement({ seq: 0, ts: NOW - 10_000 })))).toBe(false);
  });

  it('recognises a late redelivery of an older pair behind newer ones', () => {
    const sut = new DuplicateFilter();
    for (let seq = 0; seq < 5; seq += 1) expect(sut.isDuplicate(decoded(measurement({ seq, ts: NOW - 50_000 + seq * 10_000 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 1, ts: NOW - 40_000 })))).toBe(true);
    expect(sut.isDuplicate(decoded(measurement({ seq: 9, ts: NOW - 40_000 })))).toBe(false);
  });

  it('remembers its whole window after the ring has grown from its small start', () => {
    const sut = new DuplicateFilter(128);
    const pair = (seq: number) => decoded(measurement({ seq, ts: NOW - 10_000_000 + seq * 10_000 }));
    for (let seq = 0; seq < 128; seq += 1) expect(sut.isDuplicate(pair(seq))).toBe(false);
    for (const seq of [0, 15, 16, 17, 63, 64, 127]) expect(sut.isDuplicate(pair(seq))).toBe(true);
    expect(sut.isDuplicate(pair(128))).toBe(false);
    expect(sut.isDuplicate(pair(1))).toBe(true);
    expect(sut.isDuplicate(pair(0))).toBe(false);
  });

  it('keeps every seq of the contract range apart, the largest included', () => {
    const sut = new DuplicateFilter();
    const ts = NOW - 1000;
    for (const seq of [4_294_967_295, 2_147_483_648, 2_147_483_647, 0]) expect(sut.isDuplicate(decoded(measurement({ seq, ts })))).toBe(false);
    for (const seq of [4_294_967_295, 2_147_483_648, 2_147_483_647, 0]) expect(sut.isDuplicate(decoded(measurement({ seq, ts })))).toBe(true);
  });

  it('stays exact when a stream spans more than the 24.8 days a 32-bit ts offset holds', () => {
    const sut = new DuplicateFilter();
    const day = 86_400_000;
    const pairs = [
      { seq: 7, ts: NOW - 60 * day },
      { seq: 8, ts: NOW - 20 * day },
      { seq: 9, ts: NOW },
      { seq: 1, ts: NOW - 90 * day },
    ];
    for (const p of pairs) expect(sut.isDuplicate(decoded(measurement(p)))).toBe(false);
    for (const p of pairs) expect(sut.isDuplicate(decoded(measurement(p)))).toBe(true);
    expect(sut.isDuplicate(decoded(measurement({ seq: 7, ts: NOW - 60 * day + 1 })))).toBe(false);
  });

  it('does not round a seq or ts outside the contract onto a remembered pair', () => {
    const sut = new DuplicateFilter();
    expect(sut.isDuplicate(decoded(measurement({ seq: 1, ts: NOW - 2000 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 1.5, ts: NOW - 2000 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 1, ts: NOW - 1999.5 })))).toBe(false);
    expect(sut.isDuplicate(decoded(measurement({ seq: 1, ts: NOW - 2000 })))).toBe(true);
    expect(sut.isDuplicate(decoded(measurement({ seq: 1.5, ts: NOW - 2000 })))).toBe(true);
  });

  it('tells measurement and state streams of one device apart', () => {
    const sut = new DuplicateFilter();
    const state = { kind: 'state' as const, deviceId: 'det-1', payload: { ...measurement({ seq: 5 }) } } as unknown as Parameters<DuplicateFilter['isDuplicate']>[0];
    expect(sut.isDuplicate(decoded(measurement({ seq: 5 })))).toBe(false);
    expect(sut.isDuplicate(state)).toBe(false);
    expect(sut.isDuplicate(state)).toBe(true);
  });

  it('lets status messages through, which are idempotent', () => {
    const sut = new DuplicateFilter();
    const status = { kind: 'status' as const, deviceId: 'int-1', payload: { online: true, firmware: 'x 1.0', faults: [], ts: NOW } };
    expect(sut.isDuplicate(status)).toBe(false);
    expect(sut.isDuplicate(status)).toBe(false);
  });
});

describe('decodeInbound of a payload parsed before ingest', () => {
  const clock = new ManualClock(NOW);

  /** The outcome of the text path and of the parsed path for the same payload text. */
  function bothPaths(text: string, topic: string): [IngestOutcome[], IngestOutcome[]] {
    const run = (message: InboundMessage): IngestOutcome[] => {
      const out: IngestOutcome[] = [];
      of(message).pipe(decodeInbound(clock)).subscribe((o) => out.push(o));
      return out;
    };
    const value: unknown = JSON.parse(text);
    return [run(inbound(text, topic)), run(new ParsedInboundMessage(topic, value, text.length * PAYLOAD_BYTES_PER_LINE_UNIT, NOW))];
  }

  const detector = buildTopic('measurement', 'det-1');
  const cases: [string, string, string][] = [
    ['a valid measurement', JSON.stringify(measurement()), detector],
    ['a schema violation', JSON.stringify(measurement({ volume: -1 })), detector],
    ['a future timestamp', JSON.stringify(measurement({ ts: NOW + 3_600_000 })), detector],
    ['a bad topic', JSON.stringify(measurement()), 'arterial/v1/detectors/bad id/measurement'],
    ['an oversize payload', JSON.stringify({ ...measurement(), padding: 'x'.repeat(MAX_PAYLOAD_BYTES) }), detector],
    ['a plan ack', JSON.stringify({ planId: 'p-1', accepted: true }), buildTopic('plan-ack', 'int-1')],
  ];

  it.each(cases)('gives the same outcome as the text for %s, dead-letter payload included', (_what, text, topic) => {
    const [fromText, fromValue] = bothPaths(text, topic);
    expect(fromValue).toHaveLength(1);
    const normalise = (o: IngestOutcome) => (o.outcome === 'rejected' ? { ...o, payload: o.payload.toString('utf8') } : o);
    expect(fromValue.map(normalise)).toEqual(fromText.map(normalise));
  });

  it('looks the size up on the text only when the value may be oversize', () => {
    const message = new ParsedInboundMessage(buildTopic('measurement', 'det-1'), measurement(), 200, NOW);
    const spy = jest.spyOn(JSON, 'stringify');
    try {
      const out: IngestOutcome[] = [];
      of(message).pipe(decodeInbound(clock)).subscribe((o) => out.push(o));
      expect(out.map(outcomeOf)).toEqual(['accepted']);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe(TopicCache.name, () => {
  it('parses as parseTopic does, also after it was emptied for being full', () => {
    const sut = new TopicCache(2);
    const topics = [buildTopic('measurement', 'a'), 'arterial/v1/nothing', buildTopic('state', 'b'), buildTopic('measurement', 'a')];
    for (const topic of topics) expect(sut.parse(topic)).toEqual(parseTopic(topic));
  });
});
