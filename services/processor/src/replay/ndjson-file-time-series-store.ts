/**
 * A write-only TimeSeriesStore adapter that writes every record as one NDJSON line to `<dir>/<kind>.ndjson`, in the
 * order written: replay's `--out-dir`, where results are compared with `cmp` or read by tools without InfluxDB.
 * Lines are buffered and written synchronously, so the files depend only on what was written, never on timing.
 * Queries are refused with StorageUnavailableError (the results are in the files; replay into InfluxDB to query).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorageUnavailableError } from '../storage/storage.errors';
import type { ControllerStatusSeriesOf, DeadLetterRecord, DetectorQualityDay, DetectorSeriesPoint, KpiPoint, LinkEstimatePoint, LinkEstimateSeriesOf, SignalStatePoint, SignalStateSeriesOf, StoredDetectorForecast, StoreHealth, TimeSeriesRecord, TimeSeriesStore } from '../storage/time-series-store';
import type { Alert, ControlAuditEvent, DispatchedPlan, SecurityAuditEvent } from '@arterial/contracts/api/v1';
import type { RawRecord } from '../storage/raw-records';
import { encodeRecordLine } from './record-line.encoder';
import { PredictionLineOffload } from './prediction-lines.offload';

const BUFFER_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

interface KindFile {
  fd: number;
  /**
   * Lines encoded as they are written, up to `used` bytes. Strings kept until a flush (a megabyte of them per kind)
   * lived through collections of the young generation, a large share of replay's garbage collection.
   */
  buffer: Buffer;
  used: number;
  lines: number;
  /** Predictions: encoded and written by a worker thread (the buffer then stays empty). */
  offload?: PredictionLineOffload;
}

export interface NdjsonFileStoreOptions {
  /** Prediction lines written on a worker thread; default: when its compiled file is there (dist). */
  offloadPredictions?: boolean;
}

export class NdjsonFileTimeSeriesStore implements TimeSeriesStore {
  private readonly files = new Map<string, KindFile>();
  private written = 0;
  private closed = false;

  private readonly offloadPredictions: boolean;

  constructor(
    readonly dir: string,
    options: NdjsonFileStoreOptions = {},
  ) {
    this.offloadPredictions = options.offloadPredictions ?? PredictionLineOffload.available();
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
  }

  write(records: readonly TimeSeriesRecord[]): void {
    if (this.closed) throw new Error(`the NDJSON store in ${this.dir} is closed`);
    for (const record of records) {
      const file = this.fileOf(record.kind);
      if (file.offload) {
        file.offload.add(record);
        file.lines += 1;
        this.written += 1;
        continue;
      }
      const line = encodeRecordLine(record);
      // room for the line and its newline, whatever its characters
      if (file.used + (line.length + 1) * MAX_UTF8_BYTES_PER_UNIT > file.buffer.length) this.drain(file);
      if ((line.length + 1) * MAX_UTF8_BYTES_PER_UNIT > file.buffer.length) {
        fs.writeSync(file.fd, `${line}\n`);
      } else {
        // An ASCII line (as good as all of them) is the same bytes in Latin-1, which Buffer writes several times
        // faster than UTF-8; as many UTF-8 bytes as UTF-16 units means every unit is ASCII.
        file.used += Buffer.byteLength(line, 'utf8') === line.length ? file.buffer.write(line, file.used, 'latin1') : file.buffer.write(line, file.used, 'utf8');
        file.buffer[file.used++] = 0x0a;
      }
      file.lines += 1;
      this.written += 1;
    }
  }

  async flush(): Promise<void> {
    for (const file of this.files.values()) this.drain(file);
    await Promise.all([...this.files.values()].map((file) => file.offload?.flush()));
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

  linkEstimateSeries(): Promise<LinkEstimatePoint[]> {
    return this.refuse();
  }

  allLinkEstimateSeries(): Promise<LinkEstimateSeriesOf[]> {
    return this.refuse();
  }

  signalStateBuckets(): Promise<SignalStateSeriesOf[]> {
    return this.refuse();
  }

  controllerStatusBuckets(): Promise<ControllerStatusSeriesOf[]> {
    return this.refuse();
  }

  detectorPredictions(): Promise<StoredDetectorForecast[]> {
    return this.refuse();
  }

  dailyQuality(): Promise<{ detectorId: string; report: DetectorQualityDay }[]> {
    return this.refuse();
  }

  alerts(): Promise<Alert[]> {
    return this.refuse();
  }

  rawRecords(): Promise<RawRecord[]> {
    return this.refuse();
  }

  dispatchedPlans(): Promise<DispatchedPlan[]> {
    return this.refuse();
  }

  controlAudit(): Promise<ControlAuditEvent[]> {
    return this.refuse();
  }

  securityAudit(): Promise<SecurityAuditEvent[]> {
    return this.refuse();
  }

  health(): StoreHealth {
    return { reachable: true, pendingRecords: 0, spool: { records: 0, bytes: 0, limitBytes: 0 }, written: this.written };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    await Promise.all([...this.files.values()].map((file) => file.offload?.close()));
    for (const file of this.files.values()) fs.closeSync(file.fd);
    this.closed = true;
  }

  private fileOf(kind: string): KindFile {
    let file = this.files.get(kind);
    if (!file) {
      // Truncates what an earlier run left, so a rerun into the same folder gives the same files.
      const fd = fs.openSync(this.fileFor(kind), 'w');
      file = { fd, buffer: Buffer.allocUnsafe(BUFFER_BYTES), used: 0, lines: 0 };
      if (kind === 'prediction' && this.offloadPredictions) file.offload = new PredictionLineOffload(fd);
      this.files.set(kind, file);
    }
    return file;
  }

  private drain(file: KindFile): void {
    let offset = 0;
    while (offset < file.used) offset += fs.writeSync(file.fd, file.buffer, offset, file.used - offset);
    file.used = 0;
  }

  private refuse<T>(): Promise<T> {
    return Promise.reject(new StorageUnavailableError(`the replay output in ${this.dir} is written to NDJSON files and cannot be queried; replay into InfluxDB (--out-db) to query it`));
  }
}
