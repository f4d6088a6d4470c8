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
    fs.writeFileSync(path.join(dir, LIVE_SNAPSHOT_FILE), '{"version":1,"detec');
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
});
