/**
 * TimeSeriesStore in memory, for unit tests and replay. It keys points exactly as InfluxDB does
 * (measurement, tags, timestamp; a rewrite overwrites) and buckets like InfluxQL's GROUP BY time(),
 * so it passes the same shared suite as the InfluxDB store. It has no retention and no 1-minute
 * aggregates: old ranges are computed from raw points (exact, where InfluxDB averages 1-minute means).
 */
import type { Alert, ControlAuditEvent, DispatchedPlan, SecurityAuditEvent } from '@arterial/contracts/api/v1';
import { alertPointLimit, alertsFromRows, type AlertHistoryQuery } from './alert-points';
import { auditEventsFromRows, planPointLimit, plansFromRows, type ControlAuditQuery } from './control-points';
import { MEASUREMENTS, toPoint, UniqueTimestamps, type FieldValue, type Point } from './line-protocol';
import { compareRaw, RAW_MEASUREMENTS, rawReceivedAt, rawRecordFromRow, type RawRecord } from './raw-records';
import { securityAuditEventsFromRows, type SecurityAuditStoreQuery } from './security-audit-points';
import { compareDaily, dailyQualityFromRow, linkEstimatePoint } from './quality-history-points';
import { controllerStatusFromRow, forecastsFromRows } from './replay-history-points';
import { bucketStart, toSignalStatePoint } from './series-math';
import { CONTROLLER_STATUS_LOOKBACK_MS } from './time-series-store';
import type {
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

export class InMemoryTimeSeriesStore implements TimeSeriesStore {
  /** seriesKey → ts → point */
  private readonly series = new Map<string, Map<number, Point>>();
  private readonly deadLetterTs = new UniqueTimestamps();
  private written = 0;

  async init(): Promise<void> {}

  write(records: readonly TimeSeriesRecord[]): void {
    for (const record of records) {
      const point = toPoint(record, this.deadLetterTs);
      if (!point) continue;
      const key = seriesKey(point.measurement, point.tags);
      let points = this.series.get(key);
      if (!points) this.series.set(key, (points = new Map()));
      points.set(point.ts, point);
      this.written++;
    }
  }

  async flush(): Promise<void> {}

  async detectorSeries(detectorId: string, range: TimeRange, stepS: number): Promise<DetectorSeriesPoint[]> {
    const stepMs = stepS * 1000;
    const buckets = new Map<number, { volume: number; occ: number[]; speed: number[]; samples: number }>();
    for (const point of this.inRange(seriesKey(MEASUREMENTS.detector, { detectorId }), range)) {
      const volume = num(point.fields.volume);
      if (volume === undefined) continue;
      const start = bucketStart(point.ts, stepMs);
      let bucket = buckets.get(start);
      if (!bucket) buckets.set(start, (bucket = { volume: 0, occ: [], speed: [], samples: 0 }));
      bucket.volume += volume;
      bucket.samples++;
      const occ = num(point.fields.occupancyPct);
      if (occ !== undefined) bucket.occ.push(occ);
      const speed = num(point.fields.speedKph);
      if (speed !== undefined) bucket.speed.push(speed);
    }
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([ts, b]) => ({ ts, volume: b.volume, occupancyPct: mean(b.occ), speedKph: mean(b.speed), samples: b.samples }));
  }

  async intersectionStates(intersectionId: string, range: TimeRange, limit: number): Promise<SignalStatePoint[]> {
    return this.inRange(seriesKey(MEASUREMENTS.signalState, { intersectionId }), range)
      .slice(0, Math.max(0, limit))
      .map((p) =>
        toSignalStatePoint({
          ts: p.ts,
          mode: raw(p.fields.mode),
          planId: raw(p.fields.planId),
          cycleS: raw(p.fields.cycleS),
          cycleSecond: raw(p.fields.cycleSecond),
          greenPhases: raw(p.fields.greenPhases),
        }),
      );
  }

  async deadLetters(range: TimeRange, limit: number): Promise<DeadLetterRecord[]> {
    const points: Point[] = [];
    for (const [key, series] of this.series) {
      if (!key.startsWith(`${MEASUREMENTS.deadLetter}|`)) continue;
      for (const point of series.values()) if (point.ts >= range.fromMs && point.ts < range.toMs) points.push(point);
    }
    return points
      .sort((a, b) => b.ts - a.ts || (b.tags.reason ?? '').localeCompare(a.tags.reason ?? ''))
      .slice(0, Math.max(0, limit))
      .map((p) => ({
        receivedAt: num(p.fields.receivedAt) ?? p.ts,
        topic: str(p.fields.topic),
        reason: p.tags.reason ?? '',
        detail: str(p.fields.detail),
        payloadExcerpt: str(p.fields.payload),
      }));
  }

  async kpiSeries(areaId: string, range: TimeRange, stepS: number): Promise<KpiPoint[]> {
    const stepMs = stepS * 1000;
    const buckets = new Map<number, Point[]>();
    for (const point of this.inRange(seriesKey(MEASUREMENTS.kpi, { area: areaId }), range)) {
      if (num(point.fields.delayVehH) === undefined) continue;
      const start = bucketStart(point.ts, stepMs);
      buckets.set(start, [...(buckets.get(start) ?? []), point]);
    }
    const meanOf = (points: Point[], field: string) => mean(points.map((p) => num(p.fields[field])).filter((v): v is number => v !== undefined));
    return [...buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([ts, points]) => ({
        ts,
        meanSpeedKph: meanOf(points, 'meanSpeedKph'),
        tti: meanOf(points, 'tti'),
        index: meanOf(points, 'index'),
        delayVehH: points.reduce((s, p) => s + (num(p.fields.delayVehH) ?? 0), 0),
        congestedLinkKm: meanOf(points, 'congestedLinkKm') ?? 0,
        detectorCompleteness: meanOf(points, 'detectorCompleteness'),
        meanQualityScore: meanOf(points, 'meanQualityScore'),
        samples: points.length,
      }));
  }

  async linkEstimateSeries(linkId: string, range: TimeRange, stepS: number): Promise<LinkEstimatePoint[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    return linkEstimateBuckets(this.inRange(seriesKey(MEASUREMENTS.linkEstimate, { linkId }), range), stepS * 1000);
  }

  async allLinkEstimateSeries(range: TimeRange, stepS: number): Promise<LinkEstimateSeriesOf[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    return this.seriesOf(MEASUREMENTS.linkEstimate, 'linkId')
      .map(([linkId, key]) => ({ linkId, points: linkEstimateBuckets(this.inRange(key, range), stepS * 1000) }))
      .filter((s) => s.points.length > 0);
  }

  async signalStateBuckets(range: TimeRange, stepS: number): Promise<SignalStateSeriesOf[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    const stepMs = stepS * 1000;
    const out: SignalStateSeriesOf[] = [];
    for (const [intersectionId, key] of this.seriesOf(MEASUREMENTS.signalState, 'intersectionId')) {
      // inRange is in time order, so the last point seen per bucket is its latest state (InfluxQL's last())
      const last = new Map<number, Point>();
      for (const point of this.inRange(key, range)) last.set(bucketStart(point.ts, stepMs), point);
      if (last.size === 0) continue;
      const points = [...last.entries()]
        .sort(([a], [b]) => a - b)
        .map(([ts, p]) =>
          toSignalStatePoint({ ts, mode: raw(p.fields.mode), planId: raw(p.fields.planId), cycleS: raw(p.fields.cycleS), cycleSecond: raw(p.fields.cycleSecond), greenPhases: raw(p.fields.greenPhases) }),
        );
      out.push({ intersectionId, points });
    }
    return out;
  }

  async controllerStatusBuckets(range: TimeRange, stepS: number): Promise<ControllerStatusSeriesOf[]> {
    if (!(range.fromMs < range.toMs) || !(stepS > 0)) return [];
    const stepMs = stepS * 1000;
    const out: ControllerStatusSeriesOf[] = [];
    for (const [intersectionId, key] of this.seriesOf(MEASUREMENTS.controllerStatus, 'intersectionId')) {
      const earlier = this.inRange(key, { fromMs: range.fromMs - CONTROLLER_STATUS_LOOKBACK_MS, toMs: range.fromMs }).pop();
      // inRange is in time order, so the last point seen per bucket is its latest status (InfluxQL's last())
      const last = new Map<number, Point>();
      for (const point of this.inRange(key, range)) last.set(bucketStart(point.ts, stepMs), point);
      const before = earlier ? (controllerStatusFromRow(earlier.ts, fieldsOf(earlier)) ?? null) : null;
      const points = [...last.entries()]
        .sort(([a], [b]) => a - b)
        .flatMap(([ts, p]) => controllerStatusFromRow(ts, fieldsOf(p)) ?? []);
      if (before !== null || points.length > 0) out.push({ intersectionId, before, points });
    }
    return out;
  }

  async detectorPredictions(detectorId: string, range: TimeRange, horizonMin: number): Promise<StoredDetectorForecast[]> {
    if (!(range.fromMs < range.toMs)) return [];
    const horizon = String(Math.trunc(horizonMin));
    return forecastsFromRows(
      this.rowsOf(MEASUREMENTS.prediction, range, (p) => p.tags.detectorId === detectorId && p.tags.horizonMin === horizon),
      horizonMin,
    );
  }


  async dailyQuality(range: TimeRange, detectorId?: string): Promise<{ detectorId: string; report: DetectorQualityDay }[]> {
    if (!(range.fromMs < range.toMs)) return [];
    return this.rowsOf(MEASUREMENTS.detectorQualityDaily, range, (p) => detectorId === undefined || p.tags.detectorId === detectorId)
      .map(dailyQualityFromRow)
      .filter((r) => r !== undefined)
      .sort(compareDaily);
  }

  async alerts(query: AlertHistoryQuery): Promise<Alert[]> {
    const { range } = query;
    if (!(range.fromMs < range.toMs) || query.limit <= 0) return [];
    const rows: Record<string, unknown>[] = [];
    for (const [key, series] of this.series) {
      if (!key.startsWith(`${MEASUREMENTS.alert}|`)) continue;
      for (const point of series.values()) {
        if (point.ts < range.fromMs || point.ts >= range.toMs) continue;
        if (query.kind !== undefined && point.tags.kind !== query.kind) continue;
        if (query.id !== undefined && raw(point.fields.id) !== query.id) continue;
        const row: Record<string, unknown> = { ...point.tags, time: point.ts };
        for (const [name, field] of Object.entries(point.fields)) row[name] = field.value;
        rows.push(row);
      }
    }
    // The same cap of points InfluxDB is asked for, so both stores answer alike.
    return alertsFromRows(rows.sort((a, b) => Number(b.time) - Number(a.time)).slice(0, alertPointLimit(query.limit)), query);
  }

  async dispatchedPlans(intersectionId: string, range: TimeRange, limit: number): Promise<DispatchedPlan[]> {
    if (!(range.fromMs < range.toMs) || limit <= 0) return [];
    const rows = this.rowsOf(MEASUREMENTS.controlPlan, range, (p) => p.tags.intersectionId === intersectionId);
    // The same cap of points InfluxDB is asked for, so both stores answer alike.
    return plansFromRows(rows.sort((a, b) => Number(b.time) - Number(a.time)).slice(0, planPointLimit(limit)), limit);
  }

  async controlAudit(query: ControlAuditQuery): Promise<ControlAuditEvent[]> {
    const { range } = query;
    if (!(range.fromMs < range.toMs) || query.limit <= 0) return [];
    const rows = this.rowsOf(MEASUREMENTS.controlAudit, range, (p) => query.intersectionId === undefined || p.tags.intersectionId === query.intersectionId);
    return auditEventsFromRows(rows.sort((a, b) => Number(b.time) - Number(a.time)).slice(0, query.limit), query.limit);
  }

  async securityAudit(query: SecurityAuditStoreQuery): Promise<SecurityAuditEvent[]> {
    const { range } = query;
    if (!(range.fromMs < range.toMs) || query.limit <= 0) return [];
    const rows = this.rowsOf(MEASUREMENTS.securityAudit, range, (p) => query.action === undefined || p.tags.action === query.action).filter(
      (row) => query.actor === undefined || row.actor === query.actor,
    );
    return securityAuditEventsFromRows(rows.sort((a, b) => Number(b.time) - Number(a.time)).slice(0, query.limit), query.limit);
  }

  health(): StoreHealth {
    return { reachable: true, pendingRecords: 0, spool: { records: 0, bytes: 0, limitBytes: 0 }, written: this.written, droppedRecords: 0, rejectedRecords: 0 };
  }

  async close(): Promise<void> {}

  async rawRecords(range: TimeRange): Promise<RawRecord[]> {
    const wanted: ReadonlySet<string> = new Set(RAW_MEASUREMENTS);
    const out: RawRecord[] = [];
    for (const points of this.series.values()) {
      for (const point of points.values()) {
        if (!wanted.has(point.measurement)) continue;
        const row: Record<string, unknown> = { ...point.tags, time: point.ts };
        for (const [name, field] of Object.entries(point.fields)) row[name] = field.value;
        const record = rawRecordFromRow(point.measurement, row);
        if (record && rawReceivedAt(record) >= range.fromMs && rawReceivedAt(record) < range.toMs) out.push(record);
      }
    }
    return out.sort(compareRaw);
  }

  /** Rows (tags and fields by name, `time` in epoch ms) of one measurement's points in range that pass `keep`. */
  private rowsOf(measurement: string, range: TimeRange, keep: (point: Point) => boolean): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    for (const [key, series] of this.series) {
      if (!key.startsWith(`${measurement}|`)) continue;
      for (const point of series.values()) {
        if (point.ts < range.fromMs || point.ts >= range.toMs || !keep(point)) continue;
        const row: Record<string, unknown> = { ...point.tags, time: point.ts };
        for (const [name, field] of Object.entries(point.fields)) row[name] = field.value;
        rows.push(row);
      }
    }
    return rows;
  }

  /** [tag value, series key] of every series of a measurement keyed by one tag, by tag value. */
  private seriesOf(measurement: string, tag: string): [string, string][] {
    const out: [string, string][] = [];
    for (const [key, points] of this.series) {
      if (!key.startsWith(`${measurement}|`)) continue;
      const value = points.values().next().value?.tags[tag];
      if (value !== undefined) out.push([value, key]);
    }
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private inRange(key: string, range: TimeRange): Point[] {
    const series = this.series.get(key);
    if (!series) return [];
    return [...series.values()].filter((p) => p.ts >= range.fromMs && p.ts < range.toMs).sort((a, b) => a.ts - b.ts);
  }
}

function seriesKey(measurement: string, tags: Record<string, string>): string {
  return `${measurement}|${Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k] ?? ''}`)
    .join(',')}`;
}

const raw = (field: FieldValue | undefined): unknown => field?.value;
/** A point's tags and fields by name, as a query row without its time. */
const fieldsOf = (point: Point): Record<string, unknown> => ({ ...point.tags, ...Object.fromEntries(Object.entries(point.fields).map(([name, f]) => [name, f.value])) });
const num = (field: FieldValue | undefined): number | undefined => (field && (field.type === 'int' || field.type === 'float') ? field.value : undefined);
const str = (field: FieldValue | undefined): string => (field?.type === 'string' ? field.value : '');
const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** Link estimate points (in time order) in buckets as the InfluxQL query makes them: means, and the last level. */
function linkEstimateBuckets(points: readonly Point[], stepMs: number): LinkEstimatePoint[] {
  const buckets = new Map<number, Point[]>();
  for (const point of points) {
    const start = bucketStart(point.ts, stepMs);
    const bucket = buckets.get(start);
    if (bucket) bucket.push(point);
    else buckets.set(start, [point]);
  }
  const meanOf = (bucket: Point[], field: string) => mean(bucket.map((p) => num(p.fields[field])).filter((v): v is number => v !== undefined));
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ts, bucket]) =>
      linkEstimatePoint(ts, {
        level: bucket.map((p) => raw(p.fields.level)).filter((l) => l !== undefined).pop(),
        tti: meanOf(bucket, 'tti'),
        speedKph: meanOf(bucket, 'speedKph'),
        flowVph: meanOf(bucket, 'flowVph'),
        samples: bucket.length,
      }),
    );
}
