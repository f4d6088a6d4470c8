/**
 * The control audit trail in InfluxDB. Two measurements, one per kind of record:
 * - `control_plan`: one point per lifecycle step of a plan the centre sent (sent, accepted, rejected, timeout,
 *   superseded, expired). Junction, status and source are tags (few values); plan id, actor, the plan and its
 *   explanation (JSON text) are fields, since they are unbounded. History folds the steps newest first into one plan
 *   per id, in its latest state, as alerts do.
 * - `control_audit`: one point per control action (plan sent, acked, retried, override, command, degraded, …).
 *   Junction and action are tags; actor, reason, ref id and detail are fields.
 * Both stores map points with these functions. Two steps of one series in the same millisecond get distinct
 * timestamps (UniqueTimestamps); the true time is kept as the field `at`.
 */
import { ControlAuditEvent, DispatchedPlan, type PlanOrigin } from '@arterial/contracts/api/v1';
import { Value } from '@sinclair/typebox/value';
import type { FieldValue, Point, UniqueTimestamps } from './line-protocol';
import type { TimeRange } from './time-series-store';

export const CONTROL_PLAN_MEASUREMENT = 'control_plan';
export const CONTROL_AUDIT_MEASUREMENT = 'control_audit';

export interface ControlAuditQuery {
  range: TimeRange;
  limit: number;
  intersectionId?: string;
}

/** Points read per plan asked for: a plan has a few steps (sent, then accepted/rejected/timeout/…). */
const POINTS_PER_PLAN = 3;
const MAX_PLAN_POINTS = 5000;

export function planPointLimit(limit: number): number {
  return Math.min(MAX_PLAN_POINTS, Math.max(1, Math.trunc(limit)) * POINTS_PER_PLAN + 8);
}

const int = (value: number): FieldValue => ({ type: 'int', value: Math.trunc(value) });
const str = (value: string): FieldValue => ({ type: 'string', value });

/** The point of one plan lifecycle step; `at` is when the step happened (centre time). */
export function planPoint(plan: DispatchedPlan, at: number, timestamps: UniqueTimestamps): Point {
  const source = plan.origin?.source ?? 'operator';
  const fields: Record<string, FieldValue> = {
    planId: str(plan.plan.planId),
    plan: str(JSON.stringify(plan.plan)),
    sentAt: int(plan.sentAt),
    at: int(at),
    attempts: int(plan.attempts ?? 1),
  };
  if (plan.origin) fields.actor = str(plan.origin.actor);
  if (plan.ackedAt !== null) fields.ackedAt = int(plan.ackedAt);
  if (plan.ackReason !== null) fields.ackReason = str(plan.ackReason);
  if (plan.explanation) fields.explanation = str(JSON.stringify(plan.explanation));
  const tags = { intersectionId: plan.intersectionId, status: plan.status, source };
  return { measurement: CONTROL_PLAN_MEASUREMENT, tags, fields, ts: timestamps.next(seriesId(CONTROL_PLAN_MEASUREMENT, tags), Math.trunc(at)) };
}

/** The point of one audit event. */
export function auditPoint(event: ControlAuditEvent, timestamps: UniqueTimestamps): Point {
  const fields: Record<string, FieldValue> = { actor: str(event.actor), reason: str(event.reason), at: int(event.at) };
  if (event.refId !== null) fields.refId = str(event.refId);
  if (event.detail !== null) fields.detail = str(event.detail);
  const tags = { intersectionId: event.intersectionId, action: event.action };
  return { measurement: CONTROL_AUDIT_MEASUREMENT, tags, fields, ts: timestamps.next(seriesId(CONTROL_AUDIT_MEASUREMENT, tags), Math.trunc(event.at)) };
}

function seriesId(measurement: string, tags: Record<string, string>): string {
  return `${measurement}|${Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
}

/** Undoes normaliseText (newlines were stored as the two characters `\n`). */
const unescaped = (v: string): string => v.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
const text = (v: unknown): string | undefined => (typeof v === 'string' ? unescaped(v) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** JSON text holds no raw newline, so normaliseText left it as it was: parsed as stored, not unescaped. */
function parsed(v: unknown): unknown {
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** A stored row (tags and fields by name, `time` in epoch ms) back to a DispatchedPlan; null when it is not one. */
export function planFromRow(row: Record<string, unknown>): DispatchedPlan | null {
  const actor = text(row.actor);
  const origin: PlanOrigin | undefined = actor !== undefined ? { source: row.source as PlanOrigin['source'], actor } : undefined;
  const explanation = parsed(row.explanation);
  const candidate: DispatchedPlan = {
    intersectionId: row.intersectionId as string,
    plan: parsed(row.plan) as DispatchedPlan['plan'],
    status: row.status as DispatchedPlan['status'],
    sentAt: row.sentAt as number,
    ackedAt: num(row.ackedAt) ?? null,
    ackReason: text(row.ackReason) ?? null,
    attempts: num(row.attempts) ?? 1,
    ...(origin ? { origin } : {}),
    ...(explanation !== undefined ? { explanation: explanation as NonNullable<DispatchedPlan['explanation']> } : {}),
  };
  return Value.Check(DispatchedPlan, candidate) ? candidate : null;
}

/** Terminal steps outrank `sent` when two steps share a millisecond. */
const STATUS_RANK: Record<string, number> = { sent: 0 };

/** Folds plan rows into one plan per id in its latest state, newest sent first, at most `limit`. */
export function plansFromRows(rows: readonly Record<string, unknown>[], limit: number): DispatchedPlan[] {
  const ordered = [...rows].sort((a, b) => (num(b.time) ?? 0) - (num(a.time) ?? 0) || (STATUS_RANK[String(b.status)] ?? 1) - (STATUS_RANK[String(a.status)] ?? 1));
  const latest = new Map<string, DispatchedPlan>();
  for (const row of ordered) {
    const plan = planFromRow(row);
    if (!plan || latest.has(plan.plan.planId)) continue;
    latest.set(plan.plan.planId, plan);
  }
  return [...latest.values()].sort((a, b) => b.sentAt - a.sentAt || b.plan.planId.localeCompare(a.plan.planId)).slice(0, Math.max(0, limit));
}

/** A stored row back to an audit event; null when it is not one. */
export function auditEventFromRow(row: Record<string, unknown>): ControlAuditEvent | null {
  const candidate = {
    at: num(row.at) ?? num(row.time),
    intersectionId: row.intersectionId,
    action: row.action,
    actor: text(row.actor),
    reason: text(row.reason),
    refId: text(row.refId) ?? null,
    detail: text(row.detail) ?? null,
  };
  return Value.Check(ControlAuditEvent, candidate) ? candidate : null;
}

/** Audit rows to events, newest first (ties in a fixed order), at most `limit`. */
export function auditEventsFromRows(rows: readonly Record<string, unknown>[], limit: number): ControlAuditEvent[] {
  return rows
    .map(auditEventFromRow)
    .filter((e): e is ControlAuditEvent => e !== null)
    .sort((a, b) => b.at - a.at || a.intersectionId.localeCompare(b.intersectionId) || a.action.localeCompare(b.action))
    .slice(0, Math.max(0, limit));
}
