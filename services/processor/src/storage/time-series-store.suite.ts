/**
 * The one suite every TimeSeriesStore must pass (in-memory in unit specs, InfluxDB in test/storage).
 * Call it inside a test file; the factory gives a fresh, initialised-or-not store per test.
 */
import type { ControllerState, DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import type { TimeSeriesRecord, TimeSeriesStore } from './time-series-store';

export interface StoreFixture {
  store: TimeSeriesStore;
  /** Closes the store and removes whatever the fixture created. */
  dispose(): Promise<void>;
}

/** An hour boundary 2–3 hours ago: inside raw retention, buckets aligned for any step up to 1 h. */
export function suiteBaseTime(now = Date.now()): number {
  return Math.floor((now - 2 * 3600_000) / 3600_000) * 3600_000;
}

export function measurement(detectorId: string, ts: number, overrides: Partial<DetectorMeasurement> = {}): TimeSeriesRecord {
  return {
    kind: 'measurement',
    detectorId,
    payload: { ts, seq: 1, intervalS: 10, volume: 3, occupancyPct: 12.5, speedKph: 48, health: 'ok', ...overrides },
  };
}

export function signalState(intersectionId: string, ts: number, overrides: Partial<ControllerState> = {}): TimeSeriesRecord {
  return {
    kind: 'signal-state',
    intersectionId,
    payload: {
      ts,
      seq: 1,
      mode: 'fixed',
      planId: 'plan-a',
      cycleS: 90,
      cycleSecond: 12.5,
      phases: [
        { id: 2, state: 'green', remainingS: 20 },
        { id: 4, state: 'red', remainingS: 30 },
        { id: 6, state: 'green', remainingS: 20 },
        { id: 8, state: 'yellow', remainingS: 2 },
      ],
      ...overrides,
    },
  };
}

export function deadLetter(receivedAt: number, overrides: Partial<Extract<TimeSeriesRecord, { kind: 'dead-letter' }>> = {}): TimeSeriesRecord {
  return { kind: 'dead-letter', receivedAt, topic: 'arterial/v1/detectors/d1/measurement', reason: 'schema', detail: '/volume: must be integer', payloadExcerpt: '{"volume":1.5}', ...overrides };
}

export function timeSeriesStoreSuite(name: string, createFixture: () => Promise<StoreFixture>): void {
  describe(`TimeSeriesStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let sut: TimeSeriesStore;
    const base = suiteBaseTime();

    beforeEach(async () => {
      fixture = await createFixture();
      sut = fixture.store;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    it('round-trips measurements through write, flush and detectorSeries', async () => {
      sut.write([
        measurement('d1', base + 10_000, { seq: 1, volume: 4, occupancyPct: 10, speedKph: 40 }),
        measurement('d1', base + 20_000, { seq: 2, volume: 6, occupancyPct: 20, speedKph: 50 }),
        measurement('d1', base + 70_000, { seq: 3, volume: 1, occupancyPct: 5, speedKph: 30 }),
        measurement('d2', base + 10_000, { seq: 1, volume: 99 }),
      ]);
      await sut.flush();

      const series = await sut.detectorSeries('d1', { fromMs: base, toMs: base + 120_000 }, 60);

      expect(series).toEqual([
        { ts: base, volume: 10, occupancyPct: 15, speedKph: 45, samples: 2 },
        { ts: base + 60_000, volume: 1, occupancyPct: 5, speedKph: 30, samples: 1 },
      ]);
    });

    it('buckets over [from, to) aligned to the epoch, leaving out empty buckets', async () => {
      sut.write([
        measurement('d1', base + 20_000, { volume: 100 }), // before from
        measurement('d1', base + 30_000, { volume: 1, speedKph: undefined }),
        measurement('d1', base + 299_999, { volume: 2, speedKph: undefined }),
        measurement('d1', base + 300_000, { volume: 4, speedKph: 60 }),
        measurement('d1', base + 599_999, { volume: 8, speedKph: 70 }),
        measurement('d1', base + 600_000, { volume: 100 }), // at to: excluded
        measurement('d1', base + 1_300_000, { volume: 16 }),
      ]);
      await sut.flush();

      const series = await sut.detectorSeries('d1', { fromMs: base + 30_000, toMs: base + 600_000 }, 300);

      expect(series.map((p) => [p.ts - base, p.volume, p.samples])).toEqual([
        [0, 3, 2],
        [300_000, 12, 2],
      ]);
      expect(series[0]?.speedKph).toBeNull();
      expect(series[1]?.speedKph).toBeCloseTo(65);
      expect(await sut.detectorSeries('d1', { fromMs: base + 600_000, toMs: base + 600_000 }, 60)).toEqual([]);
      const wide = await sut.detectorSeries('d1', { fromMs: base, toMs: base + 3600_000 }, 600);
      expect(wide.map((p) => [p.ts - base, p.volume])).toEqual([
        [0, 115],
        [600_000, 100],
        [1_200_000, 16],
      ]);
    });

    it('stores a rewritten record once (same detector and timestamp), keeping the last values', async () => {
      const record = measurement('d1', base + 5_000, { seq: 7, volume: 5 });
      sut.write([record, record]);
      await sut.flush();
      sut.write([record]);
      await sut.flush();
      sut.write([measurement('d1', base + 5_000, { seq: 7, volume: 6 })]);
      await sut.flush();

      const series = await sut.detectorSeries('d1', { fromMs: base, toMs: base + 60_000 }, 60);

      expect(series).toEqual([expect.objectContaining({ ts: base, volume: 6, samples: 1 })]);
    });

    it('returns signal states in time order with green phases and a limit', async () => {
      sut.write([
        signalState('i1', base + 2_000, { mode: 'adaptive', planId: 'p2', cycleSecond: 14 }),
        signalState('i1', base + 1_000),
        signalState('i1', base + 3_000, { phases: [{ id: 1, state: 'red', remainingS: 3 }] }),
        signalState('i2', base + 1_500),
      ]);
      await sut.flush();

      const states = await sut.intersectionStates('i1', { fromMs: base, toMs: base + 10_000 }, 2);
      const all = await sut.intersectionStates('i1', { fromMs: base, toMs: base + 10_000 }, 100);

      expect(states).toEqual([
        { ts: base + 1_000, mode: 'fixed', planId: 'plan-a', cycleS: 90, cycleSecond: 12.5, greenPhases: [2, 6] },
        { ts: base + 2_000, mode: 'adaptive', planId: 'p2', cycleS: 90, cycleSecond: 14, greenPhases: [2, 6] },
      ]);
      expect(all.map((s) => s.greenPhases)).toEqual([[2, 6], [2, 6], []]);
    });

    it('keeps every dead letter, even two in the same millisecond, with text escaped and the payload cut to 512 bytes between characters', async () => {
      const tricky = 'quote " backslash \\ comma , equals = space  tab\t unicode é漢 trailing\\';
      // 7 + 252 × 2 = 511 bytes: the 512-byte limit falls inside the next 'é'.
      const long = `{"x":"a${'é'.repeat(600)}"}`;
      sut.write([
        deadLetter(base + 1_000, { detail: tricky }),
        deadLetter(base + 1_000, { detail: 'second', reason: 'schema' }),
        deadLetter(base + 1_000, { detail: 'other reason', reason: 'bad-json', payloadExcerpt: long }),
        deadLetter(base + 2_000, { detail: 'line one\nline two' }),
      ]);
      await sut.flush();

      const letters = await sut.deadLetters({ fromMs: base, toMs: base + 10_000 }, 100);

      expect(letters).toHaveLength(4);
      expect(letters.map((l) => l.receivedAt)).toEqual([base + 2_000, base + 1_000, base + 1_000, base + 1_000]);
      expect(letters.map((l) => l.detail).sort()).toEqual(['line one\\nline two', 'other reason', 'second', tricky].sort());
      const bad = letters.find((l) => l.reason === 'bad-json');
      expect(bad?.topic).toBe('arterial/v1/detectors/d1/measurement');
      expect(bad?.payloadExcerpt).toBe(`{"x":"a${'é'.repeat(252)}`);
      const newest = await sut.deadLetters({ fromMs: base, toMs: base + 10_000 }, 1);
      expect(newest.map((l) => l.detail)).toEqual(['line one\\nline two']);
    });

    it('accepts controller status and plan acknowledgements', async () => {
      sut.write([
        { kind: 'controller-status', intersectionId: 'i1', payload: { online: true, firmware: 'ctl 1.2, "beta"', faults: ['lamp-out'], ts: base + 1_000 } },
        { kind: 'plan-ack', intersectionId: 'i1', payload: { planId: 'p9', accepted: false, reason: 'cycle too short' }, receivedAt: base + 2_000 },
      ]);
      await sut.flush();

      expect(sut.health()).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, written: 2 }));
      expect(sut.health().rejectedRecords ?? 0).toBe(0);
    });

    it('reports health: reachable, nothing pending, nothing spooled, records written', async () => {
      sut.write([measurement('d1', base + 1_000), measurement('d1', base + 2_000), signalState('i1', base + 1_000)]);
      await sut.flush();

      const health = sut.health();

      expect(health).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, written: 3 }));
      expect(health.spool).toEqual(expect.objectContaining({ records: 0, bytes: 0 }));
      expect(health.droppedRecords ?? 0).toBe(0);
    });

    it('answers empty for unknown ids and empty ranges', async () => {
      expect(await sut.detectorSeries('nobody', { fromMs: base, toMs: base + 60_000 }, 60)).toEqual([]);
      expect(await sut.intersectionStates('nobody', { fromMs: base, toMs: base + 60_000 }, 10)).toEqual([]);
      expect(await sut.deadLetters({ fromMs: base + 60_000, toMs: base }, 10)).toEqual([]);
    });
  });
}
