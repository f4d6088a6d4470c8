/**
 * Keeps the live picture across a restart: every few seconds (when something changed) the last values, controller
 * status and open alerts are written to `<WAL_DIR>/live-state.ndjson` (`live-snapshot-file.ts`), and read back at
 * start, before the WAL replay and before any device connects, so /api and /ws show them at once. Only with a WAL
 * (the embedded broker); replay and tests on other brokers start empty as before.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { merge, type Subscription } from 'rxjs';
import { AlertService } from '../alerts/alert.service';
import { CLOCK, type Clock } from '../clock/clock';
import { createLogger } from '../logging/logger';
import { LiveStateService } from '../state/live-state.service';
import type { InboundWal } from './inbound-wal';
import { INBOUND_WAL } from './inbound-wal.token';
import { readLiveSnapshot, writeLiveSnapshot } from './live-snapshot-file';

const log = createLogger('live-snapshot');

export const LIVE_SNAPSHOT_FILE = 'live-state.ndjson';
/** What releases before the line-per-record snapshot wrote; read once on the upgrade, then removed. */
const LEGACY_SNAPSHOT_FILE = 'live-state.json';
const SNAPSHOT_EVERY_MS = 5000;

@Injectable()
export class LiveSnapshotService implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private subscription: Subscription | undefined;
  private dirty = false;
  private writing: Promise<void> | undefined;
  /** The old single-JSON snapshot a start restored from, removed once a snapshot in the new form is on disk. */
  private legacyFile: string | undefined;

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
    this.restore(file, path.join(path.dirname(file), LEGACY_SNAPSHOT_FILE));
    this.subscription = merge(this.state.changes$, this.alerts.changes$).subscribe(() => (this.dirty = true));
    this.timer = setInterval(() => void this.writeIfChanged(), SNAPSHOT_EVERY_MS);
    this.timer.unref();
  }

  /** Writes the snapshot now when anything changed since the last one; resolves once it is on disk. */
  async writeIfChanged(): Promise<void> {
    const file = this.file;
    if (!file || !this.dirty || this.writing) return this.writing;
    this.dirty = false;
    const snapshot = { at: this.clock.now(), ...this.state.snapshot(), openAlerts: this.alerts.openAlerts() };
    this.writing = writeLiveSnapshot(file, snapshot)
      .then(() => this.removeLegacy())
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

  private restore(current: string, legacy: string): void {
    const file = [current, legacy].find((f) => fs.existsSync(f));
    if (!file) return;
    try {
      const snapshot = readLiveSnapshot(file);
      this.state.restore(snapshot);
      this.alerts.restoreOpen(snapshot.openAlerts);
      log.info({ file, at: snapshot.at, detectors: snapshot.detectors.length, intersections: snapshot.intersections.length, openAlerts: snapshot.openAlerts.length }, 'live state restored');
    } catch (error) {
      // A damaged snapshot costs the live picture until devices report again, never the start.
      log.warn({ err: error instanceof Error ? error.message : String(error), file }, 'live-state snapshot unreadable; starting empty');
    }
    if (file === legacy) {
      this.legacyFile = legacy;
      this.dirty = true;
    }
  }

  private async removeLegacy(): Promise<void> {
    if (!this.legacyFile) return;
    await fs.promises.rm(this.legacyFile, { force: true });
    this.legacyFile = undefined;
  }
}
