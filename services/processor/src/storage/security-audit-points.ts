/**
 * The security audit log in InfluxDB: measurement `security_audit`, one point per event. Action and outcome are tags
 * (few values); actor, remote address, target and detail are fields, since they are unbounded. Both stores map points
 * with these functions. Two events of one series in the same millisecond get distinct timestamps; the true time is
 * kept as the field `at`.
 */
import { SecurityAuditEvent } from '@arterial/contracts/api/v1';
import { Value } from '@sinclair/typebox/value';
import type { FieldValue, Point, UniqueTimestamps } from './line-protocol';
import type { TimeRange } from './time-series-store';

export const SECURITY_AUDIT_MEASUREMENT = 'security_audit';

export interface SecurityAuditStoreQuery {
  range: TimeRange;
  limit: number;
  actor?: string;
  action?: SecurityAuditEvent['action'];
}

const str = (value: string): FieldValue => ({ type: 'string', value });

export function securityAuditPoint(event: SecurityAuditEvent, timestamps: UniqueTimestamps): Point {
  const fields: Record<string, FieldValue> = { actor: str(event.actor), at: { type: 'int', value: Math.trunc(event.at) } };
  if (event.remoteAddress !== null) fields.remoteAddress = str(event.remoteAddress);
  if (event.target !== null) fields.target = str(event.target);
  if (event.detail !== null) fields.detail = str(event.detail);
  const tags = { action: event.action, outcome: event.outcome };
  return { measurement: SECURITY_AUDIT_MEASUREMENT, tags, fields, ts: timestamps.next(`${SECURITY_AUDIT_MEASUREMENT}|${event.action}|${event.outcome}`, Math.trunc(event.at)) };
}

/** Undoes normaliseText (newlines were stored as the two characters `\n`). */
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : undefined);

export function securityAuditEventFromRow(row: Record<string, unknown>): SecurityAuditEvent | null {
  const at = typeof row.at === 'number' ? row.at : row.time;
  const candidate = {
    at,
    actor: text(row.actor),
    action: row.action,
    outcome: row.outcome,
    remoteAddress: text(row.remoteAddress) ?? null,
    target: text(row.target) ?? null,
    detail: text(row.detail) ?? null,
  };
  return Value.Check(SecurityAuditEvent, candidate) ? candidate : null;
}

/** Rows to events, newest first (ties in a fixed order), at most `limit`. */
export function securityAuditEventsFromRows(rows: readonly Record<string, unknown>[], limit: number): SecurityAuditEvent[] {
  return rows
    .map(securityAuditEventFromRow)
    .filter((e): e is SecurityAuditEvent => e !== null)
    .sort((a, b) => b.at - a.at || a.action.localeCompare(b.action) || a.actor.localeCompare(b.actor))
    .slice(0, Math.max(0, limit));
}
