/**
 * Keeps the live picture across a restart: every few seconds (when something changed) the last values, controller
 * status and open alerts are written to `<WAL_DIR>/live-state.json` (temporary file, fsync, rename), and read back at
 * start, before the WAL replay and before any device connects, so /api and /ws show them at once. Only with a WAL
 * (the embedded broker); replay and tests on other brokers start empty as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Alert } from '@arterial/contracts/api/v1';
import { merge, type Subscription } from 'rxjs';
import { AlertService } from '../alerts/alert.service';
import { CLOCK, type Clock } from '../clock/clock';
import { createLogger } from '../logging/logger';
import { LiveStateService, type LiveStateSnapshot } from '../state/live-state.service';
import type { InboundWal } from './inbound-wal';
import { INBOUND_WAL } from './inbound-wal.token';

const log = createLogger('live-snapshot');

export const LIVE_SNAPSHOT_FILE = 'live-state.json';
const SNAPSHOT_EVERY_MS = 5000;

interface SnapshotFile extends LiveStateSnapshot {
  version: 1;
  /** Centre clock when written, epoch ms. */
  at: number;
  openAlerts: Alert[];
}

@Injectable()
export class LiveSnapshotService implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private subscription: Subscription | undefined;
  private dirty = false;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly state: LiveStateService,
    private readonly alerts: AlertService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(INBOUND_WAL) private readonly wal: InboundWal | null = null,
  ) {}

  private get file(): string | undefined {
    return this.wal ? path.join(this.wal.dir, LIVE_SNAPSHOT_FILE) : undefined;
  }

  onModuleInit(): void {
    const file = this.file;
    if (!file) return;
    this.restore(file);
    this.subscription = merge(this.state.changes$, this.alerts.changes$).subscribe(() => (this.dirty = true));
    this.timer = setInterval(() => void this.writeIfChanged(), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  /** Writes the snapshot now when anything changed since the last one; resolves once it is on disk. */
  async writeIfChanged(): Promise<void> {
    const file = this.file;
    if (!file || !this.dirty || this.writing) return this.writing;
    this.dirty = false;
    const snapshot: SnapshotFile = { version: 1, at: this.clock.now(), ...this.state.snapshot(), openAlerts: this.alerts.openAlerts() };
    this.writing = writeDurably(file, JSON.stringify(snapshot))
      .catch((error: unknown) => {
        this.dirty = true;
        log.warn({ err: error instanceof Error ? error.message : String(error), file }, 'live-state snapshot not written');
      })
      .finally(() => (this.writing = undefined));
    return this.writing;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await this.writing;
    await this.writeIfChanged();
  }

  private restore(file: string): void {
    if (!fs.existsSync(file)) return;
    try {
      const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as SnapshotFile;
      if (snapshot.version !== 1) throw new Error(`unknown snapshot version ${String(snapshot.version)}`);
      this.state.restore(snapshot);
      this.alerts.restoreOpen(snapshot.openAlerts);
      log.info({ file, at: snapshot.at, detectors: snapshot.detectors.length, intersections: snapshot.intersections.length, openAlerts: snapshot.openAlerts.length }, 'live state restored');
    } catch (error) {
      // A damaged snapshot costs the live picture until devices report again, never the start.
      log.warn({ err: error instanceof Error ? error.message : String(error), file }, 'live-state snapshot unreadable; starting empty');
    }
  }
}

async function writeDurably(file: string, body: string): Promise<void> {
  const partial = `${file}.partial`;
  const handle = await fs.promises.open(partial, 'w');
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(partial, file);
}
