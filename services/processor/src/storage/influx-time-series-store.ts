/**
 * TimeSeriesStore on InfluxDB. Composition: records → line protocol (line-protocol.ts) → WriteBatcher
 * (batches, retries, DiskSpool) → InfluxWriter (v1 HTTP or v2 client); queries are InfluxQL through
 * InfluxQueryAdapter, which 1.x serves natively and 2.x/3.x through their v1-compatible /query.
 *
 * init() makes one attempt to create the schema and resolves either way (it never blocks start-up on an
 * absent database); while the database is unreachable it keeps retrying in the background with backoff.
 * Writes made meanwhile are spooled and drained once the database is there. `schemaReady()` resolves when
 * the schema is in place (or was skipped).
 */
import * as path from 'node:path';
import { systemClock, type Clock } from '../clock/clock';
import type { ProcessorConfig } from '../config/processor-config';
import { createLogger, type Logger } from '../logging/logger';
import { timedInfluxWriter } from '../metrics/store-write-timing';
import { DiskSpool } from './disk-spool';
import type { InfluxAuth } from './influx-auth';
import { InfluxQueryAdapter, InfluxQueryError, InfluxUnavailableError, ident, literal, type InfluxSeries } from './influx-query.adapter';
import {
  AGG_MEASUREMENT,
  AGG_RETENTION,
  AGG_RP,
  backfillAggregates,
  createContinuousQuery,
  createDatabase,
  CQ_NAME,
  RAW_RETENTION,
  RAW_RETENTION_MS,
  RAW_RP,
  retentionPolicy,
} from './influx-schema';
import { InfluxV1HttpWriter } from './influx-v1-http.writer';
import { InfluxV2Writer } from './influx-v2.writer';
import type { InfluxWriter } from './influx-writer';
import type { Alert, ControlAuditEvent, DispatchedPlan, SecurityAuditEvent } from '@arterial/contracts/api/v1';
import { alertPointLimit, alertsFromRows, type AlertHistoryQuery } from './alert-points';
import { auditEventsFromRows, planPointLimit, plansFromRows, type ControlAuditQuery } from './control-points';
import { encodePoint, lineTimestamp, MEASUREMENTS, toPoint, UniqueTimestamps } from './line-protocol';
import { RejectedBatches } from './rejected-batches';
import { compareDaily, dailyQualityFromRow, linkEstimatePoint } from './quality-history-points';
import { securityAuditEventsFromRows, type SecurityAuditStoreQuery } from './security-audit-points';
import { compareRaw, RAW_MEASUREMENTS, rawReceivedAt, rawRecordFromRow, type RawRecord } from './raw-records';
import { controllerStatusFromRow, forecastsFromRows } from './replay-history-points';
import { toSignalStatePoint } from './series-math';
import { StorageQueryError, StorageUnavailableError } from './storage.errors';
import { CONTROLLER_STATUS_LOOKBACK_MS } from './time-series-store';
import type {
  ControllerStatusBucket,
  ControllerStatusSeriesOf,
  DeadLetterRecord,
  DetectorQualityDay,
  DetectorSeriesPoint,
  KpiPoint,
  LinkEstimatePoint,
  LinkEstimateSeriesOf,
  SignalStatePoint,
  SignalStateSeriesOf,
  StoredDetectorForecast,
  StoreHealth,
  TimeRange,
  TimeSeriesRecord,
  TimeSeriesStore,
} from './time-series-store';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';

export interface InfluxTimeSeriesStoreOptions {
  url: string;
  /** Database for /write and /query (v1), and the database name InfluxQL queries use on 2.x/3.x (DBRP). */
  db: string;
  /** 'auto' → 'v2' when token, org and bucket are all set, else 'v1'. */
  api: 'v1' | 'v2' | 'auto';
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  org?: string | undefined;
  bucket?: string | undefined;
  spoolDir: string;
  spoolMaxBytes: number;
  /** Bound of the rejected-batches files (default 64 MiB). */
  rejectedMaxBytes?: number;
  requestTimeoutMs?: number;
  /** Batching and retry tuning (defaults: 5,000 lines or 200 ms per batch, backoff 250 ms … 10 s). */
  batching?: Pick<WriteBatcherOptions, 'batchSize' | 'flushIntervalMs' | 'maxQueueLines' | 'quickRetries' | 'backoffBaseMs' | 'backoffMaxMs' | 'closeTimeoutMs'>;
  /** Backoff of the background schema retries (default 1 s … 30 s). */
  initRetry?: { baseMs: number; maxMs: number };
  clock?: Clock;
  logger?: Logger;
}

type SchemaState = 'pending' | 'ready' | 'skipped' | 'failed';

export class InfluxTimeSeriesStore implements TimeSeriesStore {
  readonly mode: 'v1' | 'v2';
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly queries: InfluxQueryAdapter;
  private readonly queryDb: string;
  private readonly batcher: WriteBatcher;
  private readonly deadLetterTs = new UniqueTimestamps();
  private schema: SchemaState = 'pending';
  private schemaLoop: Promise<void> | undefined;
  private schemaDone: Promise<void>;
  private resolveSchemaDone: () => void = () => undefined;
  private readonly stop = new AbortController();
  private closed = false;
  private unencodable = 0;
  private backfill: { fromMs: number; toMs: number } | undefined;
  private backfillTimer: NodeJS.Timeout | undefined;

  /** Builds the store from the process configuration (see docs/storage.md). */
  static fromConfig(config: ProcessorConfig, clock: Clock = systemClock): InfluxTimeSeriesStore {
    return new InfluxTimeSeriesStore({
      url: config.influxUrl,
      db: config.influxDb,
      api: config.influxApi,
      token: config.influxToken,
      username: config.influxUsername,
      password: config.influxPassword,
      org: config.influxOrg,
      bucket: config.influxBucket,
      spoolDir: config.spoolDir,
      spoolMaxBytes: config.spoolMaxBytes,
      clock,
    });
  }

  constructor(private readonly options: InfluxTimeSeriesStoreOptions) {
    this.logger = options.logger ?? createLogger('storage');
    this.clock = options.clock ?? systemClock;
    this.mode = resolveMode(options);
    const auth: InfluxAuth = { token: options.token, username: options.username, password: options.password };
    const timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.queries = new InfluxQueryAdapter({ url: options.url, auth, timeoutMs });
    this.queryDb = this.mode === 'v2' ? (options.bucket ?? options.db) : options.db;
    const writer: InfluxWriter = timedInfluxWriter(
      this.mode === 'v2'
        ? new InfluxV2Writer({ url: options.url, token: options.token ?? '', org: options.org ?? '', bucket: options.bucket ?? '', timeoutMs })
        : new InfluxV1HttpWriter({ url: options.url, db: options.db, auth, timeoutMs }),
    );
    this.batcher = new WriteBatcher({
      writer,
      spool: new DiskSpool({ dir: path.join(options.spoolDir, 'pending'), maxBytes: options.spoolMaxBytes, maxSegmentLines: options.batching?.batchSize ?? 5000 }),
      rejected: new RejectedBatches(path.join(options.spoolDir, 'rejected'), options.rejectedMaxBytes ?? 64 * 1024 * 1024),
      logger: this.logger,
      nowMs: () => this.clock.now(),
      onWritten: (lines, fromSpool) => {
        if (fromSpool) this.noteLateData(lines);
      },
      ...options.batching,
    });
    this.schemaDone = new Promise<void>((resolve) => (this.resolveSchemaDone = resolve));
  }

  async init(): Promise<void> {
    if (this.closed || this.schemaLoop) return;
    if (this.mode === 'v2') {
      this.batcher.start();
      this.logger.info({ org: this.options.org, bucket: this.options.bucket }, 'InfluxDB v2 API: bucket, retention and downsampling are managed in InfluxDB 2.x/3.x; no DDL run');
      this.setSchema('skipped');
      this.schemaLoop = Promise.resolve();
      return;
    }
    let firstAttempt: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (firstAttempt = resolve));
    this.schemaLoop = this.ensureSchemaLoop(firstAttempt);
    await first;
    // After the first schema attempt, so a spool left by an earlier run does not meet a missing database.
    this.batcher.start();
  }

  /** Resolves once the schema exists, was skipped (v2), or could not be created (logged). */
  schemaReady(): Promise<void> {
    return this.schemaDone;
  }

  write(records: readonly TimeSeriesRecord[]): void {
    const lines: string[] = [];
    for (const record of records) {
      try {
        const point = toPoint(record, this.deadLetterTs);
        if (point) lines.push(encodePoint(point));
        else this.unencodable++;
      } catch (error) {
        this.unencodable++;
        this.logger.warn({ err: error, kind: (record as { kind?: unknown }).kind }, 'record could not be encoded; skipped');
      }
    }
    this.batcher.enqueue(lines);
  }

  flush(): Promise<void> {
    return this.batcher.flush();
  }

  async detectorSeries(detectorId: string, range: TimeRange, stepS: number): Promise<DetectorSeriesPoint[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    const useAggregates = this.schema === 'ready' && range.fromMs < this.clock.now() - RAW_RETENTION_MS;
    const where = `"detectorId" = ${literal(detectorId)} AND time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms`;
    let q: string;
    if (useAggregates) {
      // 1-minute aggregates: volume and samples add up; occupancy and speed are means of 1-minute means.
      const step = Math.max(60, Math.round(stepS / 60) * 60);
      q =
        `SELECT sum("volume") AS "volume", mean("occupancyPct") AS "occupancyPct", mean("speedKph") AS "speedKph", sum("samples") AS "samples" ` +
        `FROM ${ident(AGG_RP)}.${ident(AGG_MEASUREMENT)} WHERE ${where} GROUP BY time(${step}s) fill(none)`;
    } else {
      q =
        `SELECT sum("volume") AS "volume", mean("occupancyPct") AS "occupancyPct", mean("speedKph") AS "speedKph", count("volume") AS "samples" ` +
        `FROM ${ident(MEASUREMENTS.detector)} WHERE ${where} GROUP BY time(${Math.trunc(stepS)}s) fill(none)`;
    }
    return rows(await this.select(q)).map((r) => ({
      ts: asNumber(r.time) ?? 0,
      volume: asNumber(r.volume) ?? 0,
      occupancyPct: asNumber(r.occupancyPct) ?? null,
      speedKph: asNumber(r.speedKph) ?? null,
      samples: asNumber(r.samples) ?? 0,
    }));
  }

  async intersectionStates(intersectionId: string, range: TimeRange, limit: number): Promise<SignalStatePoint[]> {
    if (!(range.fromMs < range.toMs) || limit <= 0) return [];
    const q =
      `SELECT "mode", "planId", "cycleS", "cycleSecond", "greenPhases" FROM ${ident(MEASUREMENTS.signalState)} ` +
      `WHERE "intersectionId" = ${literal(intersectionId)} AND time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms ` +
      `ORDER BY time ASC LIMIT ${Math.trunc(limit)}`;
    return rows(await this.select(q)).map((r) =>
      toSignalStatePoint({ ts: asNumber(r.time) ?? 0, mode: r.mode, planId: r.planId, cycleS: r.cycleS, cycleSecond: r.cycleSecond, greenPhases: r.greenPhases }),
    );
  }

  async rawRecords(range: TimeRange): Promise<RawRecord[]> {
    if (!(range.fromMs < range.toMs)) return [];
    const out: RawRecord[] = [];
    for (const measurement of RAW_MEASUREMENTS) {
      // Plan acks are stored at their ts (or receivedAt): the window is widened by a minute and filtered on receivedAt.
      const fromMs = measurement === MEASUREMENTS.planAck ? range.fromMs - 60_000 : range.fromMs;
      const toMs = measurement === MEASUREMENTS.planAck ? range.toMs + 60_000 : range.toMs;
      const q = `SELECT * FROM ${ident(measurement)} WHERE time >= ${Math.trunc(fromMs)}ms AND time < ${Math.trunc(toMs)}ms ORDER BY time ASC`;
      for (const row of rows(await this.select(q))) {
        const record = rawRecordFromRow(measurement, row);
        if (record && rawReceivedAt(record) >= range.fromMs && rawReceivedAt(record) < range.toMs) out.push(record);
      }
    }
    return out.sort(compareRaw);
  }

  async deadLetters(range: TimeRange, limit: number): Promise<DeadLetterRecord[]> {
    if (!(range.fromMs < range.toMs) || limit <= 0) return [];
    const q =
      `SELECT "reason", "topic", "detail", "payload", "receivedAt" FROM ${ident(MEASUREMENTS.deadLetter)} ` +
      `WHERE time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms ORDER BY time DESC LIMIT ${Math.trunc(limit)}`;
    return rows(await this.select(q)).map((r) => ({
      receivedAt: asNumber(r.receivedAt) ?? asNumber(r.time) ?? 0,
      topic: asString(r.topic),
      reason: asString(r.reason),
      detail: asString(r.detail),
      payloadExcerpt: asString(r.payload),
    }));
  }

  async kpiSeries(areaId: string, range: TimeRange, stepS: number): Promise<KpiPoint[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    const means = ['meanSpeedKph', 'tti', 'index', 'congestedLinkKm', 'detectorCompleteness', 'meanQualityScore'].map((f) => `mean(${ident(f)}) AS ${ident(f)}`);
    const q =
      `SELECT ${means.join(', ')}, sum("delayVehH") AS "delayVehH", count("delayVehH") AS "samples" FROM ${ident(MEASUREMENTS.kpi)} ` +
      `WHERE "area" = ${literal(areaId)} AND time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms GROUP BY time(${Math.trunc(stepS)}s) fill(none)`;
    return rows(await this.select(q)).map((r) => ({
      ts: asNumber(r.time) ?? 0,
      meanSpeedKph: asNumber(r.meanSpeedKph) ?? null,
      tti: asNumber(r.tti) ?? null,
      index: asNumber(r.index) ?? null,
      delayVehH: asNumber(r.delayVehH) ?? 0,
      congestedLinkKm: asNumber(r.congestedLinkKm) ?? 0,
      detectorCompleteness: asNumber(r.detectorCompleteness) ?? null,
      meanQualityScore: asNumber(r.meanQualityScore) ?? null,
      samples: asNumber(r.samples) ?? 0,
    }));
  }

  async linkEstimateSeries(linkId: string, range: TimeRange, stepS: number): Promise<LinkEstimatePoint[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    // speedSource is in every link_estimate point, so its count is the bucket's intervals
    const q =
      `SELECT last("level") AS "level", mean("tti") AS "tti", mean("speedKph") AS "speedKph", mean("flowVph") AS "flowVph", count("speedSource") AS "samples" ` +
      `FROM ${ident(MEASUREMENTS.linkEstimate)} WHERE "linkId" = ${literal(linkId)} AND time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms ` +
      `GROUP BY time(${Math.trunc(stepS)}s) fill(none)`;
    return rows(await this.select(q))
      .filter((r) => (asNumber(r.samples) ?? 0) > 0)
      .map((r) => linkEstimatePoint(asNumber(r.time) ?? 0, { level: r.level, tti: r.tti, speedKph: r.speedKph, flowVph: r.flowVph, samples: asNumber(r.samples) ?? 0 }));
  }

  async allLinkEstimateSeries(range: TimeRange, stepS: number): Promise<LinkEstimateSeriesOf[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    // the same buckets as linkEstimateSeries, one series per link in a single query
    const q =
      `SELECT last("level") AS "level", mean("tti") AS "tti", mean("speedKph") AS "speedKph", mean("flowVph") AS "flowVph", count("speedSource") AS "samples" ` +
      `FROM ${ident(MEASUREMENTS.linkEstimate)} WHERE time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms ` +
      `GROUP BY time(${Math.trunc(stepS)}s), "linkId" fill(none)`;
    const byLink = new Map<string, LinkEstimatePoint[]>();
    for (const r of rows(await this.select(q))) {
      const samples = asNumber(r.samples) ?? 0;
      if (samples <= 0 || typeof r.linkId !== 'string') continue;
      const points = byLink.get(r.linkId) ?? [];
      if (points.length === 0) byLink.set(r.linkId, points);
      points.push(linkEstimatePoint(asNumber(r.time) ?? 0, { level: r.level, tti: r.tti, speedKph: r.speedKph, flowVph: r.flowVph, samples }));
    }
    return [...byLink.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([linkId, points]) => ({ linkId, points: points.sort((a, b) => a.ts - b.ts) }));
  }

  async signalStateBuckets(range: TimeRange, stepS: number): Promise<SignalStateSeriesOf[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    // every field is in every signal_state point, so each last() picks the bucket's same latest point
    const fields = ['mode', 'planId', 'cycleS', 'cycleSecond', 'greenPhases'].map((f) => `last(${ident(f)}) AS ${ident(f)}`);
    const q =
      `SELECT ${fields.join(', ')} FROM ${ident(MEASUREMENTS.signalState)} WHERE time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms ` +
      `GROUP BY time(${Math.trunc(stepS)}s), "intersectionId" fill(none)`;
    const byJunction = new Map<string, SignalStatePoint[]>();
    for (const r of rows(await this.select(q))) {
      if (typeof r.intersectionId !== 'string' || r.mode === null || r.mode === undefined) continue;
      const points = byJunction.get(r.intersectionId) ?? [];
      if (points.length === 0) byJunction.set(r.intersectionId, points);
      points.push(toSignalStatePoint({ ts: asNumber(r.time) ?? 0, mode: r.mode, planId: r.planId, cycleS: r.cycleS, cycleSecond: r.cycleSecond, greenPhases: r.greenPhases }));
    }
    return [...byJunction.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([intersectionId, points]) => ({ intersectionId, points: points.sort((a, b) => a.ts - b.ts) }));
  }

  async controllerStatusBuckets(range: TimeRange, stepS: number): Promise<ControllerStatusSeriesOf[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    const from = Math.trunc(range.fromMs);
    // every field is in every controller_status point, so each last() picks the bucket's same latest point
    const fields = ['online', 'firmware', 'faults'].map((f) => `last(${ident(f)}) AS ${ident(f)}`);
    const bucketed =
      `SELECT ${fields.join(', ')} FROM ${ident(MEASUREMENTS.controllerStatus)} WHERE time >= ${from}ms AND time < ${Math.trunc(range.toMs)}ms ` +
      `GROUP BY time(${Math.trunc(stepS)}s), "intersectionId" fill(none)`;
    // the status holding at `from`: status is sent on change, so the last one before may be old; raw rows keep its time
    const before =
      `SELECT "online", "firmware", "faults" FROM ${ident(MEASUREMENTS.controllerStatus)} WHERE time >= ${from - CONTROLLER_STATUS_LOOKBACK_MS}ms AND time < ${from}ms ` +
      `GROUP BY "intersectionId" ORDER BY time DESC LIMIT 1`;
    const out = new Map<string, ControllerStatusSeriesOf>();
    const seriesOf = (id: string) => out.get(id) ?? out.set(id, { intersectionId: id, before: null, points: [] }).get(id)!;
    for (const r of rows(await this.select(before))) {
      const status = typeof r.intersectionId === 'string' ? controllerStatusFromRow(asNumber(r.time) ?? 0, r) : undefined;
      if (status) seriesOf(r.intersectionId as string).before = status;
    }
    for (const r of rows(await this.select(bucketed))) {
      const status: ControllerStatusBucket | undefined = typeof r.intersectionId === 'string' ? controllerStatusFromRow(asNumber(r.time) ?? 0, r) : undefined;
      if (status) seriesOf(r.intersectionId as string).points.push(status);
    }
    for (const series of out.values()) series.points.sort((a, b) => a.ts - b.ts);
    return [...out.values()].sort((a, b) => (a.intersectionId < b.intersectionId ? -1 : a.intersectionId > b.intersectionId ? 1 : 0));
  }

  async detectorPredictions(detectorId: string, range: TimeRange, horizonMin: number): Promise<StoredDetectorForecast[]> {
    if (!(range.fromMs < range.toMs)) return [];
    const q =
      `SELECT "value", "lower", "upper" FROM ${ident(MEASUREMENTS.prediction)} WHERE "detectorId" = ${literal(detectorId)} AND "horizonMin" = ${literal(String(Math.trunc(horizonMin)))} ` +
      `AND time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms GROUP BY "target"`;
    return forecastsFromRows(rows(await this.select(q)), horizonMin);
  }

  async dailyQuality(range: TimeRange, detectorId?: string): Promise<{ detectorId: string; report: DetectorQualityDay }[]> {
    if (!(range.fromMs < range.toMs)) return [];
    let where = `time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms`;
    if (detectorId !== undefined) where += ` AND "detectorId" = ${literal(detectorId)}`;
    const q = `SELECT "day", "status", "score", "completeness", "faults", "warnings" FROM ${ident(MEASUREMENTS.detectorQualityDaily)} WHERE ${where} GROUP BY "detectorId"`;
    return rows(await this.select(q))
      .map(dailyQualityFromRow)
      .filter((r) => r !== undefined)
      .sort(compareDaily);
  }

  async alerts(query: AlertHistoryQuery): Promise<Alert[]> {
    const { range } = query;
    if (!(range.fromMs < range.toMs) || query.limit <= 0) return [];
    let where = `time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms`;
    if (query.kind !== undefined) where += ` AND "kind" = ${literal(query.kind)}`;
    if (query.id !== undefined) where += ` AND "id" = ${literal(query.id)}`;
    // State and severity are filtered after folding: they must match an alert's latest step, not any step.
    const q = `SELECT * FROM ${ident(MEASUREMENTS.alert)} WHERE ${where} ORDER BY time DESC LIMIT ${alertPointLimit(query.limit)}`;
    return alertsFromRows(rows(await this.select(q)), query);
  }

  async dispatchedPlans(intersectionId: string, range: TimeRange, limit: number): Promise<DispatchedPlan[]> {
    if (!(range.fromMs < range.toMs) || limit <= 0) return [];
    const q =
      `SELECT * FROM ${ident(MEASUREMENTS.controlPlan)} WHERE "intersectionId" = ${literal(intersectionId)} ` +
      `AND time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms ORDER BY time DESC LIMIT ${planPointLimit(limit)}`;
    return plansFromRows(rows(await this.select(q)), limit);
  }

  async controlAudit(query: ControlAuditQuery): Promise<ControlAuditEvent[]> {
    const { range } = query;
    if (!(range.fromMs < range.toMs) || query.limit <= 0) return [];
    let where = `time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms`;
    if (query.intersectionId !== undefined) where += ` AND "intersectionId" = ${literal(query.intersectionId)}`;
    const q = `SELECT * FROM ${ident(MEASUREMENTS.controlAudit)} WHERE ${where} ORDER BY time DESC LIMIT ${Math.trunc(query.limit)}`;
    return auditEventsFromRows(rows(await this.select(q)), query.limit);
  }

  async securityAudit(query: SecurityAuditStoreQuery): Promise<SecurityAuditEvent[]> {
    const { range } = query;
    if (!(range.fromMs < range.toMs) || query.limit <= 0) return [];
    let where = `time >= ${Math.trunc(range.fromMs)}ms AND time < ${Math.trunc(range.toMs)}ms`;
    if (query.action !== undefined) where += ` AND "action" = ${literal(query.action)}`;
    // actor is a field (unbounded values): InfluxQL filters fields in WHERE too.
    if (query.actor !== undefined) where += ` AND "actor" = ${literal(query.actor)}`;
    const q = `SELECT * FROM ${ident(MEASUREMENTS.securityAudit)} WHERE ${where} ORDER BY time DESC LIMIT ${Math.trunc(query.limit)}`;
    return securityAuditEventsFromRows(rows(await this.select(q)), query.limit);
  }

  async replaySources(): Promise<string[]> {
    const prefix = `${this.options.db}_replay`;
    let databases: InfluxSeries[] | undefined;
    try {
      [databases] = await this.queries.command('SHOW DATABASES');
    } catch (error) {
      if (error instanceof InfluxUnavailableError) throw new StorageUnavailableError(error.message, { cause: error });
      throw new StorageQueryError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    const names = (databases ?? []).flatMap((series) => series.values.map((v) => v[0])).filter((v): v is string => typeof v === 'string');
    return names.filter((name) => name.startsWith(prefix)).sort();
  }

  async replaySource(name: string): Promise<TimeSeriesStore | undefined> {
    if (!(await this.replaySources()).includes(name)) return undefined;
    // Queries only: a store that is never initialised starts no batcher, schema loop or spool.
    return new InfluxTimeSeriesStore({ ...this.options, db: name, ...(this.mode === 'v2' ? { bucket: name } : {}), clock: this.clock, logger: this.logger });
  }

  health(): StoreHealth {
    const s = this.batcher.stats();
    return {
      reachable: s.reachable,
      pendingRecords: s.queued + s.inFlight + s.spoolRecords,
      spool: { records: s.spoolRecords, bytes: s.spoolBytes, limitBytes: s.spoolLimitBytes },
      written: s.written,
      ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
      droppedRecords: s.dropped + this.unencodable,
      rejectedRecords: s.rejected,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    if (this.backfillTimer) clearTimeout(this.backfillTimer);
    await this.batcher.close();
    await this.schemaLoop;
    this.resolveSchemaDone();
  }

  private async select(q: string): Promise<InfluxSeries[]> {
    try {
      const results = await this.queries.select(this.queryDb, q);
      return results[0] ?? [];
    } catch (error) {
      if (error instanceof InfluxUnavailableError) throw new StorageUnavailableError(error.message, { cause: error });
      // A database that does not exist yet has no data.
      if (error instanceof InfluxQueryError && /database not found/i.test(error.message)) return [];
      throw new StorageQueryError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  private async ensureSchemaLoop(firstAttempt: () => void): Promise<void> {
    const retry = this.options.initRetry ?? { baseMs: 1000, maxMs: 30_000 };
    for (let attempt = 1; !this.closed; attempt++) {
      try {
        await this.ensureSchema();
        this.setSchema('ready');
        this.logger.info({ db: this.options.db }, 'InfluxDB schema ready (raw 7d default, agg_1m 400d, 1-minute continuous query)');
        break;
      } catch (error) {
        if (!(error instanceof InfluxUnavailableError)) {
          // The server answered but refused: e.g. InfluxQL DDL on a 2.x/3.x compatibility endpoint. Retrying will not help.
          this.logger.error({ err: (error as Error).message }, 'InfluxDB schema could not be created; writes continue, aggregates unavailable (see docs/storage.md)');
          this.setSchema('failed');
          break;
        }
        const delay = Math.min(retry.maxMs, retry.baseMs * 2 ** Math.min(attempt - 1, 20)) * (0.5 + Math.random() / 2);
        if (attempt === 1) this.logger.warn({ err: (error as Error).message, retryInMs: Math.round(delay) }, 'InfluxDB not reachable for schema set-up; retrying in the background');
        firstAttempt();
        await sleep(delay, this.stop.signal);
      }
    }
    firstAttempt();
  }

  private async ensureSchema(): Promise<void> {
    const db = this.options.db;
    const [databases] = await this.queries.command('SHOW DATABASES');
    const exists = (databases ?? []).some((s) => s.values.some((v) => v[0] === db));
    if (!exists) await this.queries.command(createDatabase(db));
    const [policies] = await this.queries.command(`SHOW RETENTION POLICIES ON ${ident(db)}`);
    const names = new Set((policies ?? []).flatMap((s) => s.values.map((v) => v[0])));
    await this.queries.command(retentionPolicy(db, RAW_RP, RAW_RETENTION, true, names.has(RAW_RP)));
    await this.queries.command(retentionPolicy(db, AGG_RP, AGG_RETENTION, false, names.has(AGG_RP)));
    const [cqs] = await this.queries.command('SHOW CONTINUOUS QUERIES');
    const cqExists = (cqs ?? []).some((s) => s.name === db && s.values.some((v) => v[0] === CQ_NAME));
    if (!cqExists) await this.queries.command(createContinuousQuery(db));
  }

  private setSchema(state: SchemaState): void {
    this.schema = state;
    this.resolveSchemaDone();
  }

  /**
   * Data drained from the spool is older than the continuous query's resample window may reach, so its
   * minutes are re-aggregated (idempotent: the aggregate points are overwritten) shortly after.
   */
  private noteLateData(lines: readonly string[]): void {
    if (this.schema !== 'ready') return;
    const prefix = `${MEASUREMENTS.detector},`;
    let min = Infinity;
    let max = -Infinity;
    for (const line of lines) {
      if (!line.startsWith(prefix)) continue;
      const ts = lineTimestamp(line);
      if (ts < min) min = ts;
      if (ts > max) max = ts;
    }
    if (min > max) return;
    const fromMs = Math.floor(min / 60_000) * 60_000;
    const toMs = Math.floor(max / 60_000) * 60_000 + 60_000;
    this.backfill = this.backfill ? { fromMs: Math.min(this.backfill.fromMs, fromMs), toMs: Math.max(this.backfill.toMs, toMs) } : { fromMs, toMs };
    if (this.backfillTimer) return;
    this.backfillTimer = setTimeout(() => {
      this.backfillTimer = undefined;
      const range = this.backfill;
      this.backfill = undefined;
      if (!range || this.closed) return;
      this.queries.command(backfillAggregates(this.options.db, range.fromMs, range.toMs), this.options.db).then(
        () => this.logger.info(range, 're-aggregated 1-minute buckets of late data'),
        (error: unknown) => this.logger.warn({ err: (error as Error).message, ...range }, '1-minute re-aggregation of late data failed'),
      );
    }, 2000);
    this.backfillTimer.unref?.();
  }
}

function resolveMode(options: InfluxTimeSeriesStoreOptions): 'v1' | 'v2' {
  const v2Ready = Boolean(options.token && options.org && options.bucket);
  if (options.api === 'v2') {
    if (!v2Ready) throw new Error('INFLUX_API=v2 needs INFLUX_TOKEN, INFLUX_ORG and INFLUX_BUCKET');
    return 'v2';
  }
  if (options.api === 'auto') return v2Ready ? 'v2' : 'v1';
  return 'v1';
}

function rows(series: InfluxSeries[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const s of series) {
    for (const values of s.values) {
      const row: Record<string, unknown> = { ...s.tags };
      s.columns.forEach((column, i) => (row[column] = values[i]));
      out.push(row);
    }
  }
  return out;
}

const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const asString = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
