/**
 * Maps storage records to InfluxDB points and points to line protocol (ms precision).
 *
 * The point is the unit of identity: InfluxDB keeps one value per (measurement, tag set, timestamp)
 * and overwrites on rewrite, so a retried batch never duplicates. The in-memory store keys its points
 * the same way, which is what gives both stores the same semantics.
 */
import { DEAD_LETTER_DETAIL_BYTES, DEAD_LETTER_EXCERPT_BYTES, DEAD_LETTER_TOPIC_BYTES, truncateUtf8 } from './dead-letter-excerpt';
import { ALERT_MEASUREMENT, alertPoint } from './alert-points';
import { auditPoint, CONTROL_AUDIT_MEASUREMENT, CONTROL_PLAN_MEASUREMENT, planPoint } from './control-points';
import { SECURITY_AUDIT_MEASUREMENT, securityAuditPoint } from './security-audit-points';
import type { TimeSeriesRecord } from './time-series-store';

export type FieldValue = { type: 'int'; value: number } | { type: 'float'; value: number } | { type: 'string'; value: string } | { type: 'bool'; value: boolean };

export interface Point {
  measurement: string;
  /** Tag values; ids are validated upstream, but the encoder escapes anyway. */
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** Epoch ms. */
  ts: number;
}

export const MEASUREMENTS = {
  detector: 'detector_measurement',
  signalState: 'signal_state',
  controllerStatus: 'controller_status',
  planAck: 'plan_ack',
  commandAck: 'command_ack',
  deadLetter: 'dead_letter',
  alert: ALERT_MEASUREMENT,
  linkEstimate: 'link_estimate',
  detectorQuality: 'detector_quality',
  detectorQualityDaily: 'detector_quality_daily',
  kpi: 'kpi',
  prediction: 'prediction',
  controlPlan: CONTROL_PLAN_MEASUREMENT,
  controlAudit: CONTROL_AUDIT_MEASUREMENT,
  securityAudit: SECURITY_AUDIT_MEASUREMENT,
} as const;

const int = (value: number): FieldValue => ({ type: 'int', value: Math.trunc(value) });
const float = (value: number): FieldValue => ({ type: 'float', value });
const str = (value: string): FieldValue => ({ type: 'string', value: normaliseText(value) });
const bool = (value: boolean): FieldValue => ({ type: 'bool', value });

/**
 * Newlines end a line-protocol line; InfluxDB 1.x accepts them inside quoted strings but not every
 * parser does (a rejected line costs its whole batch on some servers), so they are stored as the
 * two characters `\n` / `\r`.
 */
export function normaliseText(value: string): string {
  return value.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

/**
 * Gives dead letters distinct timestamps: two with the same reason in the same millisecond would
 * otherwise be one point in InfluxDB. The true receivedAt is kept as a field. A clock that steps back
 * by more than a second restarts the sequence rather than pushing timestamps into the future.
 */
export class UniqueTimestamps {
  private readonly last = new Map<string, number>();

  next(key: string, ms: number): number {
    const previous = this.last.get(key);
    const ts = previous !== undefined && ms <= previous && previous - ms < 1000 ? previous + 1 : ms;
    this.last.set(key, ts);
    return ts;
  }
}

/** Returns null for records that cannot be stored (non-finite timestamp). `uniqueTs` spreads records that would share a point (dead letters, control steps). */
export function toPoint(record: TimeSeriesRecord, uniqueTs: UniqueTimestamps): Point | null {
  switch (record.kind) {
    case 'measurement': {
      const p = record.payload;
      const fields: Record<string, FieldValue> = {
        volume: int(p.volume),
        occupancyPct: float(p.occupancyPct),
        intervalS: int(p.intervalS),
        seq: int(p.seq),
        health: str(p.health),
      };
      if (p.speedKph !== undefined) fields.speedKph = float(p.speedKph);
      return finite({ measurement: MEASUREMENTS.detector, tags: { detectorId: record.detectorId }, fields, ts: p.ts });
    }
    case 'signal-state': {
      const p = record.payload;
      const green = p.phases.filter((ph) => ph.state === 'green').map((ph) => ph.id);
      return finite({
        measurement: MEASUREMENTS.signalState,
        tags: { intersectionId: record.intersectionId },
        fields: {
          mode: str(p.mode),
          planId: str(p.planId),
          cycleS: int(p.cycleS),
          cycleSecond: float(p.cycleSecond),
          greenPhases: str(green.join(',')),
          seq: int(p.seq),
        },
        ts: p.ts,
      });
    }
    case 'controller-status': {
      const p = record.payload;
      return finite({
        measurement: MEASUREMENTS.controllerStatus,
        tags: { intersectionId: record.intersectionId },
        fields: { online: bool(p.online), firmware: str(p.firmware), faults: str(JSON.stringify(p.faults)), faultCount: int(p.faults.length) },
        ts: p.ts,
      });
    }
    case 'plan-ack': {
      const p = record.payload;
      const fields: Record<string, FieldValue> = { planId: str(p.planId), accepted: bool(p.accepted), receivedAt: int(record.receivedAt) };
      if (p.reason !== undefined) fields.reason = str(p.reason);
      return finite({ measurement: MEASUREMENTS.planAck, tags: { intersectionId: record.intersectionId }, fields, ts: p.ts ?? record.receivedAt });
    }
    case 'command-ack': {
      const p = record.payload;
      const fields: Record<string, FieldValue> = { commandId: str(p.commandId), accepted: bool(p.accepted), receivedAt: int(record.receivedAt) };
      if (p.reason !== undefined) fields.reason = str(p.reason);
      return finite({ measurement: MEASUREMENTS.commandAck, tags: { intersectionId: record.intersectionId }, fields, ts: p.ts ?? record.receivedAt });
    }
    case 'alert': {
      const point = alertPoint(record.alert, record.at);
      for (const field of Object.values(point.fields)) if (field.type === 'string') field.value = normaliseText(field.value);
      return finite(point);
    }
    case 'dispatched-plan':
      return finite(normaliseStrings(planPoint(record.plan, record.at, uniqueTs)));
    case 'control-audit':
      return finite(normaliseStrings(auditPoint(record.event, uniqueTs)));
    case 'security-audit':
      return finite(normaliseStrings(securityAuditPoint(record.event, uniqueTs)));
    case 'dead-letter': {
      if (!Number.isFinite(record.receivedAt)) return null;
      return {
        measurement: MEASUREMENTS.deadLetter,
        tags: { reason: record.reason },
        fields: {
          // Any producer may write dead letters: the store holds every one to the same limits.
          topic: str(truncateUtf8(record.topic, DEAD_LETTER_TOPIC_BYTES)),
          detail: str(truncateUtf8(record.detail, DEAD_LETTER_DETAIL_BYTES)),
          payload: str(truncateUtf8(record.payloadExcerpt, DEAD_LETTER_EXCERPT_BYTES)),
          receivedAt: int(record.receivedAt),
        },
        ts: uniqueTs.next(record.reason, Math.trunc(record.receivedAt)),
      };
    }
    case 'link-estimate': {
      // one series per link (a bounded set, like detectorId); level and provenance are values, so fields
      const e = record.estimate;
      const fields: Record<string, FieldValue> = { speedProvenance: str(e.speedKph.provenance), levelProvenance: str(e.levelProvenance), speedSource: str(e.speedSource) };
      for (const [name, q] of [
        ['flowVph', e.flowVph],
        ['occupancyPct', e.occupancyPct],
        ['speedKph', e.speedKph],
        ['densityVpkm', e.densityVpkm],
        ['travelTimeS', e.travelTimeS],
        ['freeFlowSpeedKph', e.freeFlowSpeedKph],
        ['tti', e.tti],
        ['delayS', e.delayS],
      ] as const) {
        if (q.value !== null) fields[name] = float(q.value);
      }
      if (e.level !== null) fields.level = str(e.level);
      return finite({ measurement: MEASUREMENTS.linkEstimate, tags: { linkId: e.linkId }, fields, ts: record.ts });
    }
    case 'detector-quality': {
      const q = record.quality;
      return finite({
        measurement: MEASUREMENTS.detectorQuality,
        tags: { detectorId: record.detectorId },
        fields: {
          status: str(q.status),
          score: float(q.score),
          completeness: float(q.completeness),
          faults: str(q.faults.join(',')),
          warnings: str(q.warnings.join(',')),
          usedMeasurement: bool(q.usedMeasurement),
        },
        ts: record.ts,
      });
    }
    case 'detector-quality-daily': {
      // one point per detector and local day at the day's start: a rewrite of the same day overwrites it
      const r = record.report;
      return finite({
        measurement: MEASUREMENTS.detectorQualityDaily,
        tags: { detectorId: record.detectorId },
        fields: {
          day: str(r.day),
          status: str(r.status),
          score: float(r.score),
          completeness: float(r.completeness),
          faults: str(r.faults.join(',')),
          warnings: str(r.warnings.join(',')),
        },
        ts: record.dayStartMs,
      });
    }
    case 'kpi': {
      const k = record.kpi;
      const fields: Record<string, FieldValue> = {
        intervalS: int(k.intervalS),
        delayVehH: float(k.delayVehH),
        congestedLinkKm: float(k.congestedLinkKm),
        linksGraded: int(k.linksGraded),
        linksTotal: int(k.linksTotal),
        detectors: int(k.detectors),
      };
      // a null figure (nothing to measure it on) is left out, so InfluxQL's mean() skips it as the in-memory store does
      for (const [name, value] of [
        ['meanSpeedKph', k.meanSpeedKph],
        ['tti', k.tti],
        ['index', k.index],
        ['detectorCompleteness', k.detectorCompleteness],
        ['meanQualityScore', k.meanQualityScore],
      ] as const) {
        if (value !== null) fields[name] = float(value);
      }
      if (k.level !== null) fields.level = str(k.level);
      return finite({ measurement: MEASUREMENTS.kpi, tags: { area: k.areaId }, fields, ts: k.ts });
    }
    case 'prediction': {
      // Place id and horizon are tags (bounded: network entities × a few horizons); the model is a value, so a field.
      const place: Record<string, string> = 'detectorId' in record.place ? { detectorId: record.place.detectorId } : { linkId: record.place.linkId };
      return finite({
        measurement: MEASUREMENTS.prediction,
        tags: { ...place, target: record.target, horizonMin: String(record.horizonMin) },
        fields: { value: float(record.value), lower: float(record.lower), upper: float(record.upper), model: str(record.model) },
        ts: record.ts,
      });
    }
    default: {
      const unknown: never = record;
      void unknown;
      return null;
    }
  }
}

function normaliseStrings(point: Point): Point {
  for (const field of Object.values(point.fields)) if (field.type === 'string') field.value = normaliseText(field.value);
  return point;
}

function finite(point: Point): Point | null {
  if (!Number.isFinite(point.ts)) return null;
  point.ts = Math.trunc(point.ts);
  for (const [key, field] of Object.entries(point.fields)) {
    if ((field.type === 'int' || field.type === 'float') && !Number.isFinite(field.value)) delete point.fields[key];
  }
  return point;
}

// Escaping rules: https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/#special-characters
const escapeMeasurement = (s: string) => s.replace(/[, ]/g, (c) => `\\${c}`);
/** Tag keys, tag values and field keys: commas, equals signs and spaces; newlines cannot be escaped, so become spaces. */
const escapeKey = (s: string) => s.replace(/[,= \n\r]/g, (c) => (c === '\n' || c === '\r' ? '\\ ' : `\\${c}`));
const escapeString = (s: string) => s.replace(/[\\"]/g, (c) => `\\${c}`);

function formatField(field: FieldValue): string {
  switch (field.type) {
    case 'int':
      return `${field.value}i`;
    case 'float':
      return String(field.value);
    case 'bool':
      return field.value ? 'true' : 'false';
    case 'string':
      return `"${escapeString(field.value)}"`;
  }
}

/** One line of line protocol, timestamp in ms. Tags are sorted (InfluxDB's preferred order). */
export function encodePoint(point: Point): string {
  let line = escapeMeasurement(point.measurement);
  for (const key of Object.keys(point.tags).sort()) {
    const value = point.tags[key];
    if (value === undefined || value === '') continue; // empty tag values are not allowed
    line += `,${escapeKey(key)}=${escapeKey(value)}`;
  }
  const fields = Object.entries(point.fields).map(([key, field]) => `${escapeKey(key)}=${formatField(field)}`);
  return `${line} ${fields.join(',')} ${point.ts}`;
}

/** Epoch-ms timestamp of a line written by encodePoint (the last space-separated token). */
export function lineTimestamp(line: string): number {
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}
