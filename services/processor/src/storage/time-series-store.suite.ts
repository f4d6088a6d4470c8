/**
 * The one suite every TimeSeriesStore must pass (in-memory in unit specs, InfluxDB in test/storage).
 * Call it inside a test file; the factory gives a fresh, initialised-or-not store per test.
 */
import type { Kpi, LinkEstimate } from '@arterial/contracts/api/v1';
import type { ControllerState, DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import type { Alert, ControlAuditEvent, DispatchedPlan, SecurityAuditEvent } from '@arterial/contracts/api/v1';
import type { DetectorQualityDay, TimeSeriesRecord, TimeSeriesStore } from './time-series-store';

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

export function kpi(areaId: string, ts: number, overrides: Partial<Kpi> = {}): TimeSeriesRecord {
  return {
    kind: 'kpi',
    kpi: {
      areaId,
      ts,
      intervalS: 60,
      meanSpeedKph: 30,
      tti: 1.5,
      index: 4,
      level: 'lightly-congested',
      delayVehH: 2,
      congestedLinkKm: 1,
      detectorCompleteness: 0.9,
      meanQualityScore: 80,
      linksGraded: 10,
      linksTotal: 12,
      detectors: 40,
      ...overrides,
    },
  };
}

/** A plan the centre sent, in its `sent` state; overrides change status, times or origin. */
export function dispatchedPlan(intersectionId: string, planId: string, sentAt: number, overrides: Partial<DispatchedPlan> = {}): DispatchedPlan {
  return {
    intersectionId,
    plan: { planId, issuedAt: sentAt, expiresAt: sentAt + 900_000, cycleS: 90, offsetS: 12, splits: [{ phase: 2, greenS: 40 }, { phase: 4, greenS: 36 }], reason: 'AM peak, "east" = 2\\ ok' },
    status: 'sent',
    sentAt,
    ackedAt: null,
    ackReason: null,
    attempts: 1,
    origin: { source: 'engine', actor: 'engine:webster' },
    ...overrides,
  };
}

export function auditEvent(intersectionId: string, at: number, overrides: Partial<ControlAuditEvent> = {}): ControlAuditEvent {
  return { at, intersectionId, action: 'plan-sent', actor: 'api', reason: 'operator, "test" = 1', refId: 'p1', detail: null, ...overrides };
}

export function linkEstimate(linkId: string, speedKph: number | null, level: LinkEstimate['level'], flowVph: number): LinkEstimate {
  return {
    linkId,
    district: 'network',
    roadClass: 'arterial',
    lengthM: 400,
    flowVph: { value: flowVph, provenance: 'measured' },
    occupancyPct: { value: 20, provenance: 'measured' },
    speedKph: speedKph === null ? { value: null, provenance: 'missing' } : { value: speedKph, provenance: 'measured' },
    speedSource: speedKph === null ? 'none' : 'advance',
    densityVpkm: { value: null, provenance: 'missing' },
    travelTimeS: { value: null, provenance: 'missing' },
    freeFlowSpeedKph: { value: 50, provenance: 'estimated', method: 'speed-limit-prior' },
    freeFlowTravelTimeS: { value: 28.8, provenance: 'estimated', method: 'length-over-speed' },
    tti: speedKph === null ? { value: null, provenance: 'missing' } : { value: 50 / speedKph, provenance: 'estimated', method: 'tt-over-free-flow' },
    delayS: { value: null, provenance: 'missing' },
    level,
    levelZh: null,
    levelProvenance: level === null ? 'missing' : 'estimated',
    notes: [],
  };
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

    it('gives recorded device messages back whole, in time order, over [from, to)', async () => {
      const status: TimeSeriesRecord = { kind: 'controller-status', intersectionId: 'i1', payload: { ts: base + 15_000, online: true, firmware: 'fw 1.2\nbeta', faults: ['lamp-out'] } };
      const ack: TimeSeriesRecord = { kind: 'plan-ack', intersectionId: 'i1', payload: { planId: 'p-1', accepted: false, reason: 'min green' }, receivedAt: base + 20_000 };
      const ackWithTs: TimeSeriesRecord = { kind: 'plan-ack', intersectionId: 'i2', payload: { planId: 'p-2', accepted: true, ts: base + 24_000 }, receivedAt: base + 25_000 };
      const m1 = measurement('d2', base + 10_000, { seq: 7, speedKph: undefined });
      const m2 = measurement('d1', base + 10_000, { seq: 3 });
      const m3 = measurement('d1', base + 30_000, { seq: 4, health: 'degraded' });
      sut.write([m3, ack, ackWithTs, status, m1, m2, measurement('d1', base + 40_000), signalState('i1', base + 12_000)]);
      await sut.flush();

      expect(await sut.rawRecords({ fromMs: base + 10_000, toMs: base + 40_000 })).toEqual([m2, m1, status, ack, ackWithTs, m3]);
      expect(await sut.rawRecords({ fromMs: base + 40_001, toMs: base + 90_000 })).toEqual([]);
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

    it('accepts controller status, plan and command acknowledgements', async () => {
      sut.write([
        { kind: 'controller-status', intersectionId: 'i1', payload: { online: true, firmware: 'ctl 1.2, "beta"', faults: ['lamp-out'], ts: base + 1_000 } },
        { kind: 'plan-ack', intersectionId: 'i1', payload: { planId: 'p9', accepted: false, reason: 'cycle too short' }, receivedAt: base + 2_000 },
        { kind: 'command-ack', intersectionId: 'i1', payload: { commandId: 'k1', accepted: false, reason: 'unknown-phase, "7"' }, receivedAt: base + 3_000 },
      ]);
      await sut.flush();

      expect(sut.health()).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, written: 3 }));
      expect(sut.health().rejectedRecords ?? 0).toBe(0);
    });

    it('buckets KPIs per area: means of the figures, delay summed, null figures skipped', async () => {
      sut.write([
        kpi('network', base + 60_000, { meanSpeedKph: 20, tti: 2, index: 6, delayVehH: 1.5, congestedLinkKm: 2, detectorCompleteness: 1, meanQualityScore: 90 }),
        kpi('network', base + 120_000, { meanSpeedKph: 40, tti: 1, index: 2, delayVehH: 0.5, congestedLinkKm: 0, detectorCompleteness: 0.5, meanQualityScore: null }),
        kpi('network', base + 300_000, { meanSpeedKph: null, tti: null, index: null, level: null, delayVehH: 0, congestedLinkKm: 0, detectorCompleteness: null, meanQualityScore: null }),
        kpi('north', base + 60_000, { delayVehH: 99 }),
        kpi('network', base + 600_000, { delayVehH: 7 }), // at to: excluded
      ]);
      await sut.flush();

      const series = await sut.kpiSeries('network', { fromMs: base, toMs: base + 600_000 }, 300);

      expect(series).toHaveLength(2);
      expect(series[0]).toEqual({
        ts: base,
        meanSpeedKph: expect.closeTo(30, 9) as number,
        tti: expect.closeTo(1.5, 9) as number,
        index: expect.closeTo(4, 9) as number,
        delayVehH: expect.closeTo(2, 9) as number,
        congestedLinkKm: expect.closeTo(1, 9) as number,
        detectorCompleteness: expect.closeTo(0.75, 9) as number,
        meanQualityScore: expect.closeTo(90, 9) as number,
        samples: 2,
      });
      expect(series[1]).toEqual({ ts: base + 300_000, meanSpeedKph: null, tti: null, index: null, delayVehH: 0, congestedLinkKm: 0, detectorCompleteness: null, meanQualityScore: null, samples: 1 });
      expect((await sut.kpiSeries('north', { fromMs: base, toMs: base + 600_000 }, 600)).map((p) => p.delayVehH)).toEqual([99]);
      expect(await sut.kpiSeries('south', { fromMs: base, toMs: base + 600_000 }, 600)).toEqual([]);
    });

    it('accepts link estimates and detector quality', async () => {
      const estimate: LinkEstimate = {
        linkId: 'l1',
        district: 'network',
        roadClass: 'arterial',
        lengthM: 400,
        flowVph: { value: 900, provenance: 'measured' },
        occupancyPct: { value: 45, provenance: 'measured' },
        speedKph: { value: 8, provenance: 'estimated', method: 'flow-occupancy' },
        speedSource: 'advance',
        densityVpkm: { value: null, provenance: 'missing' },
        travelTimeS: { value: 180, provenance: 'estimated', method: 'length-over-speed' },
        freeFlowSpeedKph: { value: 50, provenance: 'estimated', method: 'speed-limit-prior' },
        freeFlowTravelTimeS: { value: 28.8, provenance: 'estimated', method: 'length-over-speed' },
        tti: { value: 6.25, provenance: 'estimated', method: 'tt-over-free-flow' },
        delayS: { value: 151.2, provenance: 'estimated', method: 'tt-minus-free-flow' },
        level: 'seriously-congested',
        levelZh: '严重拥堵',
        levelProvenance: 'estimated',
        notes: ['road-class-unknown-defaulted-to-arterial'],
      };
      sut.write([
        { kind: 'link-estimate', ts: base + 60_000, estimate },
        { kind: 'detector-quality', ts: base + 60_000, detectorId: 'd1', quality: { status: 'suspect', score: 55, completeness: 0.7, faults: [], warnings: ['low-completeness'], usedMeasurement: true } },
      ]);
      await sut.flush();

      expect(sut.health()).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, written: 2 }));
      expect(sut.health().rejectedRecords ?? 0).toBe(0);
    });

    it("keeps one daily quality report per detector and local day, the last written, by detector then day, filtered", async () => {
      // local days of UTC+8 start at 16:00 UTC; three of them, all inside raw retention
      const today = Math.floor((base + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
      const dayKey = (startMs: number) => new Date(startMs + 8 * 3600_000).toISOString().slice(0, 10);
      const report = (startMs: number, score: number, overrides: Partial<DetectorQualityDay> = {}): DetectorQualityDay => ({
        day: dayKey(startMs),
        score,
        completeness: score / 100,
        status: 'good',
        faults: [],
        warnings: [],
        ...overrides,
      });
      const daily = (detectorId: string, startMs: number, r: DetectorQualityDay): TimeSeriesRecord => ({ kind: 'detector-quality-daily', dayStartMs: startMs, detectorId, report: r });
      const [d2, d1, d0] = [today - 2 * 86_400_000, today - 86_400_000, today];
      const faulty = report(d1, 0, { status: 'bad', faults: ['stuck-on', 'reported-failed'], warnings: ['low-completeness', 'neighbour-disagreement'] });
      sut.write([
        daily('d2', d1, report(d1, 80)),
        daily('d1', d0, report(d0, 91.5)),
        daily('d1', d2, report(d2, 70)),
        daily('d1', d1, report(d1, 12)),
        // the same detector and day again: overwrites
        daily('d1', d1, faulty),
      ]);
      await sut.flush();

      const all = await sut.dailyQuality({ fromMs: d2, toMs: d0 + 86_400_000 });
      expect(all).toEqual([
        { detectorId: 'd1', report: report(d2, 70) },
        { detectorId: 'd1', report: faulty },
        { detectorId: 'd1', report: report(d0, 91.5) },
        { detectorId: 'd2', report: report(d1, 80) },
      ]);
      expect(await sut.dailyQuality({ fromMs: d1, toMs: d0 }, 'd1')).toEqual([{ detectorId: 'd1', report: faulty }]);
      expect(await sut.dailyQuality({ fromMs: d2, toMs: d0 + 86_400_000 }, 'nope')).toEqual([]);
      expect(await sut.dailyQuality({ fromMs: d0, toMs: d2 })).toEqual([]);
    });

    it("buckets a link's estimates: means of TTI, speed and flow, the last level, missing figures null", async () => {
      const estimate = (speedKph: number | null, level: LinkEstimate['level'], flowVph: number) => linkEstimate('l1', speedKph, level, flowVph);
      sut.write([
        { kind: 'link-estimate', ts: base + 60_000, estimate: estimate(40, 'basically-smooth', 600) },
        { kind: 'link-estimate', ts: base + 120_000, estimate: estimate(10, 'seriously-congested', 900) },
        { kind: 'link-estimate', ts: base + 300_000, estimate: estimate(null, null, 0) },
        { kind: 'link-estimate', ts: base + 360_000, estimate: { ...estimate(25, 'lightly-congested', 300), linkId: 'l2' } },
      ]);
      await sut.flush();

      expect(await sut.linkEstimateSeries('l1', { fromMs: base, toMs: base + 600_000 }, 300)).toEqual([
        { ts: base, level: 'seriously-congested', tti: 3.125, speedKph: 25, flowVph: 750, samples: 2 },
        { ts: base + 300_000, level: null, tti: null, speedKph: null, flowVph: 0, samples: 1 },
      ]);
      expect(await sut.linkEstimateSeries('l1', { fromMs: base + 120_000, toMs: base + 180_000 }, 60)).toEqual([
        { ts: base + 120_000, level: 'seriously-congested', tti: 5, speedKph: 10, flowVph: 900, samples: 1 },
      ]);
      expect(await sut.linkEstimateSeries('nope', { fromMs: base, toMs: base + 600_000 }, 300)).toEqual([]);
    });

    it("reads every link's estimate buckets in one go, by link id, as linkEstimateSeries buckets each", async () => {
      sut.write([
        { kind: 'link-estimate', ts: base + 60_000, estimate: linkEstimate('l2', 40, 'basically-smooth', 600) },
        { kind: 'link-estimate', ts: base + 120_000, estimate: linkEstimate('l2', 10, 'seriously-congested', 900) },
        { kind: 'link-estimate', ts: base + 360_000, estimate: linkEstimate('l1', 25, 'lightly-congested', 300) },
        { kind: 'link-estimate', ts: base + 700_000, estimate: linkEstimate('l3', 50, 'smooth', 100) },
      ]);
      await sut.flush();

      const range = { fromMs: base, toMs: base + 600_000 };
      expect(await sut.allLinkEstimateSeries(range, 300)).toEqual([
        { linkId: 'l1', points: [{ ts: base + 300_000, level: 'lightly-congested', tti: 2, speedKph: 25, flowVph: 300, samples: 1 }] },
        { linkId: 'l2', points: [{ ts: base, level: 'seriously-congested', tti: 3.125, speedKph: 25, flowVph: 750, samples: 2 }] },
      ]);
      expect((await sut.allLinkEstimateSeries(range, 60)).find((s) => s.linkId === 'l2')?.points).toEqual(await sut.linkEstimateSeries('l2', range, 60));
      expect(await sut.allLinkEstimateSeries({ fromMs: base + 800_000, toMs: base + 900_000 }, 60)).toEqual([]);
    });

    it("reads every junction's last signal state of each bucket, stamped with the bucket's start", async () => {
      sut.write([
        signalState('i2', base + 1_000, { mode: 'adaptive', planId: 'p1', cycleSecond: 1 }),
        signalState('i2', base + 9_000, { mode: 'adaptive', planId: 'p1', cycleSecond: 9, phases: [{ id: 4, state: 'green', remainingS: 3 }] }),
        signalState('i2', base + 25_000, { mode: 'flash', planId: 'p1', cycleS: 0, cycleSecond: 0, phases: [{ id: 4, state: 'flashing-yellow', remainingS: 0 }] }),
        signalState('i1', base + 4_000),
        signalState('i1', base + 40_000),
      ]);
      await sut.flush();

      expect(await sut.signalStateBuckets({ fromMs: base, toMs: base + 30_000 }, 10)).toEqual([
        { intersectionId: 'i1', points: [{ ts: base, mode: 'fixed', planId: 'plan-a', cycleS: 90, cycleSecond: 12.5, greenPhases: [2, 6] }] },
        {
          intersectionId: 'i2',
          points: [
            { ts: base, mode: 'adaptive', planId: 'p1', cycleS: 90, cycleSecond: 9, greenPhases: [4] },
            { ts: base + 20_000, mode: 'flash', planId: 'p1', cycleS: 0, cycleSecond: 0, greenPhases: [] },
          ],
        },
      ]);
      expect(await sut.signalStateBuckets({ fromMs: base + 50_000, toMs: base + 60_000 }, 10)).toEqual([]);
    });

    it("reads every junction's last controller status of each bucket and the last one before the range", async () => {
      const status = (intersectionId: string, ts: number, online: boolean, faults: string[] = []): TimeSeriesRecord => ({
        kind: 'controller-status',
        intersectionId,
        payload: { ts, online, firmware: 'ctl 2.1\nrc', faults },
      });
      sut.write([
        status('i1', base - 3_600_000, true),
        status('i1', base - 60_000, false, ['lamp-out']),
        status('i1', base + 12_000, true),
        status('i1', base + 18_000, true, ['door-open', 'lamp-out']),
        status('i2', base + 25_000, false),
        status('i3', base - 120_000, true),
      ]);
      await sut.flush();

      const fw = 'ctl 2.1\nrc';
      expect(await sut.controllerStatusBuckets({ fromMs: base, toMs: base + 30_000 }, 10)).toEqual([
        {
          intersectionId: 'i1',
          before: { ts: base - 60_000, online: false, firmware: fw, faults: ['lamp-out'] },
          points: [{ ts: base + 10_000, online: true, firmware: fw, faults: ['door-open', 'lamp-out'] }],
        },
        { intersectionId: 'i2', before: null, points: [{ ts: base + 20_000, online: false, firmware: fw, faults: [] }] },
        { intersectionId: 'i3', before: { ts: base - 120_000, online: true, firmware: fw, faults: [] }, points: [] },
      ]);
      expect(await sut.controllerStatusBuckets({ fromMs: base + 9 * 86_400_000, toMs: base + 9 * 86_400_000 + 60_000 }, 10)).toEqual([]);
    });

    it("reads a detector's stored forecasts at one horizon by issue time, each target's value and interval", async () => {
      const forecast = (ts: number, target: 'flowVph' | 'speedKph' | 'occupancyPct', horizonMin: number, value: number, detectorId = 'd1'): TimeSeriesRecord => ({
        kind: 'prediction',
        ts,
        place: { detectorId },
        target,
        horizonMin,
        value,
        lower: value - 1,
        upper: value + 2,
        model: 'ridge',
      });
      sut.write([
        forecast(base + 60_000, 'flowVph', 15, 600),
        forecast(base + 60_000, 'speedKph', 15, 42),
        forecast(base + 60_000, 'flowVph', 5, 610),
        forecast(base + 120_000, 'occupancyPct', 15, 12),
        forecast(base + 120_000, 'flowVph', 15, 630),
        forecast(base + 120_000, 'flowVph', 15, 999, 'd2'),
        forecast(base + 180_000, 'flowVph', 15, 640),
        { kind: 'prediction', ts: base + 120_000, place: { linkId: 'd1' }, target: 'flowVph', horizonMin: 15, value: 1, lower: 0, upper: 2, model: 'ridge' },
      ]);
      await sut.flush();

      expect(await sut.detectorPredictions('d1', { fromMs: base, toMs: base + 180_000 }, 15)).toEqual([
        { issuedAt: base + 60_000, targetTs: base + 960_000, flowVph: { value: 600, lower: 599, upper: 602 }, speedKph: { value: 42, lower: 41, upper: 44 }, occupancyPct: null },
        { issuedAt: base + 120_000, targetTs: base + 1_020_000, flowVph: { value: 630, lower: 629, upper: 632 }, speedKph: null, occupancyPct: { value: 12, lower: 11, upper: 14 } },
      ]);
      expect(await sut.detectorPredictions('d1', { fromMs: base, toMs: base + 180_000 }, 5)).toEqual([
        { issuedAt: base + 60_000, targetTs: base + 360_000, flowVph: { value: 610, lower: 609, upper: 612 }, speedKph: null, occupancyPct: null },
      ]);
      expect(await sut.detectorPredictions('d9', { fromMs: base, toMs: base + 180_000 }, 15)).toEqual([]);
    });

    it('accepts predictions of detectors and links, one point per place, target and horizon', async () => {
      sut.write([
        { kind: 'prediction', ts: base + 60_000, place: { detectorId: 'd1' }, target: 'flowVph', horizonMin: 5, value: 600, lower: 450, upper: 720, model: 'ridge' },
        { kind: 'prediction', ts: base + 60_000, place: { detectorId: 'd1' }, target: 'flowVph', horizonMin: 60, value: 640, lower: 400, upper: 800, model: 'ridge' },
        { kind: 'prediction', ts: base + 60_000, place: { linkId: 'l1' }, target: 'speedKph', horizonMin: 5, value: 18.5, lower: 12, upper: 25, model: 'ridge' },
      ]);
      await sut.flush();

      expect(sut.health()).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, written: 3 }));
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

    it('keeps every alert lifecycle step and answers one alert per id in its latest state, filtered, newest first', async () => {
      const raised: Alert = {
        id: 'a1', kind: 'controller-offline', severity: 'critical', place: { type: 'intersection', id: 'i1', name: 'Main, "1st" = 2\\' }, state: 'raised',
        raisedAt: base + 1_000, lastSeenAt: base + 1_000, acknowledgedAt: null, acknowledgedBy: null, acknowledgedNote: null, clearedAt: null,
        message: 'i1 offline', details: { reason: 'status' }, occurrences: 1,
      };
      const acked: Alert = { ...raised, state: 'acknowledged', acknowledgedAt: base + 2_000, acknowledgedBy: 'ops', acknowledgedNote: 'crew\nsent', lastSeenAt: base + 1_500, occurrences: 2 };
      const cleared: Alert = { ...acked, state: 'cleared', clearedAt: base + 2_000 };
      const other: Alert = { ...raised, id: 'a2', kind: 'plan-rejected', severity: 'warning', place: { type: 'intersection', id: 'i2' }, raisedAt: base + 3_000, lastSeenAt: base + 3_000, details: { planId: 'p1', reason: 'too short' } };
      sut.write([
        { kind: 'alert', at: raised.raisedAt, alert: raised },
        { kind: 'alert', at: base + 2_000, alert: acked },
        // Acknowledged and cleared in the same millisecond: the lifecycle orders them.
        { kind: 'alert', at: base + 2_000, alert: cleared },
        { kind: 'alert', at: other.raisedAt, alert: other },
      ]);
      await sut.flush();
      const range = { fromMs: base, toMs: base + 10_000 };

      const all = await sut.alerts({ range, limit: 10 });
      expect(all).toEqual([other, { ...cleared, acknowledgedNote: 'crew\\nsent' }]);
      expect((await sut.alerts({ range, limit: 10, state: 'raised' })).map((a) => a.id)).toEqual(['a2']);
      expect((await sut.alerts({ range, limit: 10, state: 'cleared', kind: 'controller-offline' })).map((a) => a.id)).toEqual(['a1']);
      expect((await sut.alerts({ range, limit: 10, severity: 'warning' })).map((a) => a.id)).toEqual(['a2']);
      expect((await sut.alerts({ range, limit: 10, id: 'a1' })).map((a) => a.state)).toEqual(['cleared']);
      expect((await sut.alerts({ range, limit: 1 })).map((a) => a.id)).toEqual(['a2']);
      // Before the clear, a1 was acknowledged: history answers the latest state within the range.
      expect((await sut.alerts({ range: { fromMs: base, toMs: base + 1_999 }, limit: 10 })).map((a) => [a.id, a.state])).toEqual([['a1', 'raised']]);
      expect(await sut.alerts({ range: { fromMs: base + 10_000, toMs: base }, limit: 10 })).toEqual([]);
    });

    it('keeps every plan lifecycle step and answers one plan per id in its latest state, with origin and explanation, newest sent first', async () => {
      const explanation: NonNullable<DispatchedPlan['explanation']> = {
        strategy: 'webster', source: 'engine', computedAt: base + 900,
        inputs: { phases: [{ phase: 2, flowVph: 600, saturationFlowVph: 1800, flowRatio: 0.33, degreeOfSaturation: null, queueVeh: null, pressure: null, predictedFlowVph: null }], detectorsUsed: 4, detectorsFaulty: 0, groupId: null },
        chosen: { cycleS: 90, offsetS: 12, splits: [{ phase: 2, greenS: 40 }, { phase: 4, greenS: 36 }] },
        reason: 'Y = 0.62,\nC₀ = 90 s',
      };
      const first = dispatchedPlan('i1', 'p1', base + 1_000, { explanation });
      const accepted: DispatchedPlan = { ...first, status: 'accepted', ackedAt: base + 1_200 };
      const second = dispatchedPlan('i1', 'p2', base + 2_000, { origin: { source: 'operator', actor: 'ops "night", desk=2' } });
      // Sent and timed out in the same millisecond: the terminal step wins over `sent`.
      const timedOut: DispatchedPlan = { ...second, status: 'timeout', attempts: 4 };
      const legacy = dispatchedPlan('i1', 'p3', base + 3_000);
      delete legacy.origin;
      delete legacy.attempts;
      sut.write([
        { kind: 'dispatched-plan', at: first.sentAt, plan: first },
        { kind: 'dispatched-plan', at: accepted.ackedAt ?? 0, plan: accepted },
        { kind: 'dispatched-plan', at: second.sentAt, plan: second },
        { kind: 'dispatched-plan', at: second.sentAt, plan: timedOut },
        { kind: 'dispatched-plan', at: legacy.sentAt, plan: legacy },
        { kind: 'dispatched-plan', at: base + 4_000, plan: dispatchedPlan('i2', 'p4', base + 4_000) },
      ]);
      await sut.flush();
      const range = { fromMs: base, toMs: base + 10_000 };

      const plans = await sut.dispatchedPlans('i1', range, 10);
      expect(plans).toEqual([{ ...legacy, attempts: 1 }, timedOut, accepted]);
      expect(await sut.dispatchedPlans('i1', range, 1)).toEqual([{ ...legacy, attempts: 1 }]);
      // Before its acknowledgement, p1 was only sent.
      expect((await sut.dispatchedPlans('i1', { fromMs: base, toMs: base + 1_100 }, 10)).map((p) => [p.plan.planId, p.status])).toEqual([['p1', 'sent']]);
      expect(await sut.dispatchedPlans('nowhere', range, 10)).toEqual([]);
      expect(await sut.dispatchedPlans('i1', { fromMs: base + 10_000, toMs: base }, 10)).toEqual([]);
    });

    it('keeps every control audit event, even two of a kind in one millisecond, newest first, by junction and limited', async () => {
      const events = [
        auditEvent('i1', base + 1_000),
        auditEvent('i1', base + 1_000, { refId: 'p2', detail: '{"attempt":2}' }),
        auditEvent('i1', base + 2_000, { action: 'plan-rejected', actor: 'centre', reason: 'local override,\nsorry' }),
        auditEvent('i2', base + 3_000, { action: 'override-started', actor: 'ops', refId: 'o1' }),
      ];
      sut.write(events.map((event) => ({ kind: 'control-audit' as const, event })));
      await sut.flush();
      const range = { fromMs: base, toMs: base + 10_000 };

      const all = await sut.controlAudit({ range, limit: 10 });
      expect(all.map((e) => [e.intersectionId, e.action, e.refId])).toEqual([
        ['i2', 'override-started', 'o1'],
        ['i1', 'plan-rejected', 'p1'],
        ['i1', 'plan-sent', expect.any(String)],
        ['i1', 'plan-sent', expect.any(String)],
      ]);
      expect(all).toEqual(expect.arrayContaining(events));
      expect(await sut.controlAudit({ range, limit: 10, intersectionId: 'i2' })).toEqual([events[3]]);
      expect((await sut.controlAudit({ range, limit: 2 })).map((e) => e.action)).toEqual(['override-started', 'plan-rejected']);
      expect(await sut.controlAudit({ range: { fromMs: base + 10_000, toMs: base }, limit: 10 })).toEqual([]);
    });

    it('keeps every security audit event, even two of a kind in one millisecond, newest first, by actor, action and limited', async () => {
      const event = (at: number, over: Partial<SecurityAuditEvent> = {}): SecurityAuditEvent => ({ at, actor: 'mallory', action: 'login', outcome: 'failure', remoteAddress: '10.0.0.9', target: 'mallory', detail: 'wrong user name or password', ...over });
      const events = [
        event(base + 1_000),
        event(base + 1_000, { actor: 'nobody', target: 'nobody' }),
        event(base + 2_000, { actor: 'vera', action: 'request-refused', outcome: 'refused', target: 'POST /api/intersections/i1/overrides', detail: '403: role "viewer",\nbelow operator' }),
        event(base + 3_000, { actor: 'registry-file', action: 'user-role-changed', outcome: 'success', remoteAddress: null, target: 'vera', detail: 'viewer → operator' }),
        event(base + 4_000, { actor: 'first-start', action: 'user-added', outcome: 'success', remoteAddress: null, target: null, detail: null }),
      ];
      sut.write(events.map((e) => ({ kind: 'security-audit' as const, event: e })));
      await sut.flush();
      const range = { fromMs: base, toMs: base + 10_000 };

      const all = await sut.securityAudit({ range, limit: 10 });
      expect(all).toEqual([events[4], events[3], events[2], events[0], events[1]]);
      expect(await sut.securityAudit({ range, limit: 10, actor: 'vera' })).toEqual([events[2]]);
      expect(await sut.securityAudit({ range, limit: 10, action: 'login' })).toEqual([events[0], events[1]]);
      expect(await sut.securityAudit({ range, limit: 10, action: 'login', actor: 'nobody' })).toEqual([events[1]]);
      expect(await sut.securityAudit({ range, limit: 2 })).toEqual([events[4], events[3]]);
      expect(await sut.securityAudit({ range: { fromMs: base + 2_000, toMs: base + 3_000 }, limit: 10 })).toEqual([events[2]]);
      expect(await sut.securityAudit({ range: { fromMs: base + 10_000, toMs: base }, limit: 10 })).toEqual([]);
    });

    it('answers empty for unknown ids and empty ranges', async () => {
      expect(await sut.detectorSeries('nobody', { fromMs: base, toMs: base + 60_000 }, 60)).toEqual([]);
      expect(await sut.intersectionStates('nobody', { fromMs: base, toMs: base + 60_000 }, 10)).toEqual([]);
      expect(await sut.deadLetters({ fromMs: base + 60_000, toMs: base }, 10)).toEqual([]);
    });
  });
}
