/**
 * Alerts in InfluxDB: every lifecycle step (raised, acknowledged, cleared, severity change) is one point of the
 * measurement `alert`. Kind, severity, state and place are tags (few values each: place ids are network entities);
 * the alert id is a field, since ids are unbounded. Both stores map points with these functions, and both answer
 * history by folding the points of a range newest first into one alert per id, in its latest state.
 */
import { Alert, type AlertKind, type AlertSeverity, type AlertState } from '@arterial/contracts/api/v1';
import { Value } from '@sinclair/typebox/value';
import type { FieldValue, Point } from './line-protocol';
import type { TimeRange } from './time-series-store';

export const ALERT_MEASUREMENT = 'alert';

export interface AlertHistoryQuery {
  range: TimeRange;
  /** Most alerts to return. */
  limit: number;
  kind?: AlertKind;
  severity?: AlertSeverity;
  /** Filters on the latest state in the range. */
  state?: AlertState;
  id?: string;
}

/** Points read per alert asked for: an alert has a few steps (raised, acknowledged, cleared, severity changes). */
export const POINTS_PER_ALERT = 4;
export const MAX_ALERT_POINTS = 20_000;

export function alertPointLimit(limit: number): number {
  return Math.min(MAX_ALERT_POINTS, Math.max(1, Math.trunc(limit)) * POINTS_PER_ALERT + 16);
}

const int = (value: number): FieldValue => ({ type: 'int', value: Math.trunc(value) });
const str = (value: string): FieldValue => ({ type: 'string', value });

/** The point of one lifecycle step; `at` is when the step happened (centre time). */
export function alertPoint(alert: Alert, at: number): Point {
  const fields: Record<string, FieldValue> = {
    id: str(alert.id),
    message: str(alert.message),
    details: str(JSON.stringify(alert.details)),
    raisedAt: int(alert.raisedAt),
    lastSeenAt: int(alert.lastSeenAt),
    occurrences: int(alert.occurrences),
  };
  if (alert.place.name !== undefined) fields.placeName = str(alert.place.name);
  if (alert.acknowledgedAt !== null) fields.acknowledgedAt = int(alert.acknowledgedAt);
  if (alert.acknowledgedBy !== null) fields.acknowledgedBy = str(alert.acknowledgedBy);
  if (alert.acknowledgedNote !== null) fields.acknowledgedNote = str(alert.acknowledgedNote);
  if (alert.clearedAt !== null) fields.clearedAt = int(alert.clearedAt);
  return {
    measurement: ALERT_MEASUREMENT,
    tags: { kind: alert.kind, severity: alert.severity, state: alert.state, placeType: alert.place.type, placeId: alert.place.id },
    fields,
    ts: Math.trunc(at),
  };
}

const STATE_RANK: Record<string, number> = { raised: 0, acknowledged: 1, cleared: 2 };

/**
 * Folds rows (tags and fields by name, `time` in epoch ms) into one alert per id in its latest state, newest step
 * first, filtered and limited as asked. Two steps in one millisecond are ordered by the lifecycle.
 */
export function alertsFromRows(rows: readonly Record<string, unknown>[], query: AlertHistoryQuery): Alert[] {
  const ordered = [...rows].sort((a, b) => num(b.time) - num(a.time) || (STATE_RANK[String(b.state)] ?? 0) - (STATE_RANK[String(a.state)] ?? 0));
  const seen = new Set<string>();
  const alerts: Alert[] = [];
  for (const row of ordered) {
    const alert = alertFromRow(row);
    if (!alert || seen.has(alert.id)) continue;
    seen.add(alert.id);
    if (query.state !== undefined && alert.state !== query.state) continue;
    if (query.severity !== undefined && alert.severity !== query.severity) continue;
    if (query.kind !== undefined && alert.kind !== query.kind) continue;
    alerts.push(alert);
    if (alerts.length >= query.limit) break;
  }
  return alerts;
}

/** A stored row back to the contract's Alert; null for a row that is not one (written by something else, or damaged). */
export function alertFromRow(row: Record<string, unknown>): Alert | null {
  let details: unknown = {};
  try {
    details = JSON.parse(typeof row.details === 'string' ? row.details : '{}');
  } catch {
    details = {};
  }
  const placeName = typeof row.placeName === 'string' ? row.placeName : undefined;
  const candidate = {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    place: { type: row.placeType, id: row.placeId, ...(placeName !== undefined ? { name: placeName } : {}) },
    state: row.state,
    raisedAt: row.raisedAt,
    lastSeenAt: row.lastSeenAt,
    acknowledgedAt: row.acknowledgedAt ?? null,
    acknowledgedBy: row.acknowledgedBy ?? null,
    acknowledgedNote: row.acknowledgedNote ?? null,
    clearedAt: row.clearedAt ?? null,
    message: row.message,
    details,
    occurrences: row.occurrences,
  };
  return Value.Check(Alert, candidate) ? candidate : null;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
