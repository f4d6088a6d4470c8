import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Alert } from '@arterial/contracts/api/v1';
import pino from 'pino';
import { Subject } from 'rxjs';
import type { AlertService } from '../alerts/alert.service';
import type { Clock } from '../clock/clock';
import { LiveStateService } from '../state/live-state.service';
import { InboundWal } from './inbound-wal';
import { readLiveSnapshot, writeLiveSnapshot } from './live-snapshot-file';
import { LIVE_SNAPSHOT_FILE, LiveSnapshotService } from './live-snapshot.service';

const clock: Clock = { now: () => 1_700_000_000_000 } as Clock;

const openAlert: Alert = {
  id: 'a1',
  kind: 'controller-offline',
  severity: 'critical',
  place: { type: 'intersection', id: 'i1' },
  state: 'raised',
  raisedAt: 1,
  lastSeenAt: 1,
  acknowledgedAt: null,
  acknowledgedBy: null,
  acknowledgedNote: null,
  clearedAt: null,
  message: 'i1 offline',
  details: {},
  occurrences: 1,
};

function fakeAlerts(open: Alert[]) {
  const restored: Alert[] = [];
  const alerts = { changes$: new Subject<Alert[]>(), openAlerts: () => open, restoreOpen: (a: readonly Alert[]) => restored.push(...a) };
  return { alerts: alerts as unknown as AlertService, restored };
}

describe(LiveSnapshotService.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-snapshot-spec-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes last values, controller status and open alerts, and a restarted processor starts from them', async () => {
    const wal = new InboundWal({ dir, logger: pino({ level: 'silent' }) });
    const state = new LiveStateService();
    const sut = new LiveSnapshotService(state, fakeAlerts([openAlert]).alerts, clock, wal);
    sut.onModuleInit();
    state.applyMeasurement('d1', { ts: 5000, seq: 5, intervalS: 30, volume: 10, occupancyPct: 8, health: 'ok' });
    state.applyStatus('i1', { online: false, firmware: 'fw', faults: ['door'], ts: 4000 });
    await sut.writeIfChanged();
    await sut.onApplicationShutdown();
    expect(fs.existsSync(path.join(dir, LIVE_SNAPSHOT_FILE))).toBe(true);

    const restarted = new LiveStateService();
    const { alerts, restored } = fakeAlerts([]);
    const next = new LiveSnapshotService(restarted, alerts, clock, wal);
    next.onModuleInit();
    await next.onApplicationShutdown();
    expect(restarted.detector('d1')).toMatchObject({ volume: 10, ts: 5000 });
    expect(restarted.intersection('i1')).toMatchObject({ online: false, faults: ['door'] });
    expect(restored.map((a) => a.id)).toEqual(['a1']);
  });

  it('starts empty from a damaged snapshot, and does nothing without a WAL', async () => {
    fs.writeFileSync(path.join(dir, LIVE_SNAPSHOT_FILE), '{"version":2,"at":1}\n{"d":{"id":"d1","ts":1');
    const state = new LiveStateService();
    const wal = new InboundWal({ dir, logger: pino({ level: 'silent' }) });
    const sut = new LiveSnapshotService(state, fakeAlerts([]).alerts, clock, wal);
    expect(() => sut.onModuleInit()).not.toThrow();
    await sut.onApplicationShutdown();
    expect(state.allDetectors()).toEqual([]);

    const without = new LiveSnapshotService(state, fakeAlerts([]).alerts, clock, null);
    without.onModuleInit();
    state.applyMeasurement('d1', { ts: 1, seq: 1, intervalS: 30, volume: 1, occupancyPct: 1, health: 'ok' });
    await without.onApplicationShutdown();
    expect(fs.readdirSync(dir)).toEqual([LIVE_SNAPSHOT_FILE]);
  });

  it('restores the single-JSON snapshot of earlier releases once, then replaces it with the line-per-record form', async () => {
    const legacy = path.join(dir, 'live-state.json');
    const v1 = { version: 1, at: 1, detectors: [{ id: 'd9', ts: 7000, volume: 3 }], intersections: [], statusTs: { i9: 6000 }, openAlerts: [openAlert] };
    fs.writeFileSync(legacy, JSON.stringify(v1));
    const wal = new InboundWal({ dir, logger: pino({ level: 'silent' }) });
    const state = new LiveStateService();
    const { alerts, restored } = fakeAlerts([]);
    const sut = new LiveSnapshotService(state, alerts, clock, wal);
    sut.onModuleInit();
    expect(state.detector('d9')).toMatchObject({ volume: 3, ts: 7000 });
    expect(restored.map((a) => a.id)).toEqual(['a1']);
    await sut.writeIfChanged();
    await sut.onApplicationShutdown();
    expect(fs.existsSync(legacy)).toBe(false);
    expect(readLiveSnapshot(path.join(dir, LIVE_SNAPSHOT_FILE)).detectors.map((d) => d.id)).toEqual(['d9']);
  });
});

describe('live snapshot file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-snapshot-file-spec-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const big = () => {
    const state = new LiveStateService();
    // enough detectors for many 64 KB chunks
    for (let n = 0; n < 5000; n++) state.applyMeasurement(`det-${n}`, { ts: 1000 + n, seq: n, intervalS: 30, volume: n % 17, occupancyPct: 3.5, health: 'ok' });
    state.applyStatus('i1', { online: true, firmware: 'fw 1.2', faults: [], ts: 900 });
    return { at: 42, ...state.snapshot(), openAlerts: [openAlert] };
  };

  it('round-trips a network-sized snapshot written in chunks', async () => {
    const file = path.join(dir, 'snap.ndjson');
    const snapshot = big();
    await writeLiveSnapshot(file, snapshot);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    expect(readLiveSnapshot(file)).toEqual(snapshot);
  });

  it('refuses a snapshot cut short or with a foreign line, so half a picture is never restored', async () => {
    const file = path.join(dir, 'snap.ndjson');
    await writeLiveSnapshot(file, big());
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, lines.slice(0, 2000).join('\n'));
    expect(() => readLiveSnapshot(file)).toThrow(/cut short/);
    fs.writeFileSync(file, [...lines.slice(0, 3), '{"x":1}', ...lines.slice(3)].join('\n'));
    expect(() => readLiveSnapshot(file)).toThrow(/unknown snapshot line/);
    const withoutOneDetector = lines.filter((l, n) => n !== 5);
    fs.writeFileSync(file, withoutOneDetector.join('\n'));
    expect(() => readLiveSnapshot(file)).toThrow(/detectors 4999 of 5000/);
  });
});
