/**
 * A write-only TimeSeriesStore adapter that writes every record as one NDJSON line to `<dir>/<kind>.ndjson`, in the
 * order written: replay's `--out-dir`, where results are compared with `cmp` or read by tools without InfluxDB.
 * Lines are buffered and written synchronously, so the files depend only on what was written, never on timing.
 * Queries are refused with StorageUnavailableError (the results are in the files; replay into InfluxDB to query).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorageUnavailableError } from '../storage/storage.errors';
import type { DeadLetterRecord, DetectorSeriesPoint, KpiPoint, SignalStatePoint, StoreHealth, TimeSeriesRecord, TimeSeriesStore } from '../storage/time-series-store';
import type { Alert } from '@arterial/contracts/api/v1';
import type { RawRecord } from '../storage/raw-records';

const FLUSH_CHARS = 1 << 20;

interface KindFile {
  fd: number;
  buffered: string[];
  chars: number;
  lines: number;
}

export class NdjsonFileTimeSeriesStore implements TimeSeriesStore {
  private readonly files = new Map<string, KindFile>();
  private written = 0;
  private closed = false;

  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
  }

  write(records: readonly TimeSeriesRecord[]): void {
    if (this.closed) throw new Error(`the NDJSON store in ${this.dir} is closed`);
    for (const record of records) {
      const file = this.fileOf(record.kind);
      const line = `${JSON.stringify(record)}\n`;
      file.buffered.push(line);
      file.chars += line.length;
      file.lines += 1;
      this.written += 1;
      if (file.chars >= FLUSH_CHARS) this.drain(file);
    }
  }

  async flush(): Promise<void> {
    for (const file of this.files.values()) this.drain(file);
  }

  /** Lines written per kind (file), so far. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, f]) => [kind, f.lines]));
  }

  /** The file a kind's records go to. */
  fileFor(kind: string): string {
    return path.join(this.dir, `${kind}.ndjson`);
  }

  detectorSeries(): Promise<DetectorSeriesPoint[]> {
    return this.refuse();
  }

  intersectionStates(): Promise<SignalStatePoint[]> {
    return this.refuse();
  }

  deadLetters(): Promise<DeadLetterRecord[]> {
    return this.refuse();
  }

  kpiSeries(): Promise<KpiPoint[]> {
    return this.refuse();
  }

  alerts(): Promise<Alert[]> {
    return this.refuse();
  }

  rawRecords(): Promise<RawRecord[]> {
    return this.refuse();
  }

  health(): StoreHealth {
    return { reachable: true, pendingRecords: 0, spool: { records: 0, bytes: 0, limitBytes: 0 }, written: this.written };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    for (const file of this.files.values()) fs.closeSync(file.fd);
    this.closed = true;
  }

  private fileOf(kind: string): KindFile {
    let file = this.files.get(kind);
    if (!file) {
      // Truncates what an earlier run left, so a rerun into the same folder gives the same files.
      file = { fd: fs.openSync(this.fileFor(kind), 'w'), buffered: [], chars: 0, lines: 0 };
      this.files.set(kind, file);
    }
    return file;
  }

  private drain(file: KindFile): void {
    if (file.buffered.length === 0) return;
    fs.writeSync(file.fd, file.buffered.join(''));
    file.buffered = [];
    file.chars = 0;
  }

  private refuse<T>(): Promise<T> {
    return Promise.reject(new StorageUnavailableError(`the replay output in ${this.dir} is written to NDJSON files and cannot be queried; replay into InfluxDB (--out-db) to query it`));
  }
}
