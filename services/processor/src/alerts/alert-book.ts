/**
 * The alert lifecycle, pure and on the caller's clock: raised → acknowledged → cleared.
 *
 * - De-duplication: one open alert per (kind, place); a repeated report updates `lastSeenAt` and `occurrences`.
 * - Hysteresis: an ended condition clears its alert only after it has stayed away for `clearHoldMs`; a report
 *   within the hold keeps the alert open, so a condition that blinks never produces a clear and a new alert.
 * - Re-raise window: a condition that comes back within `reRaiseWindowMs` of its alert's clear re-opens that same
 *   alert (same id, `clearedAt` null again, `details.suppressed` counts the re-openings, an acknowledgement is kept)
 *   instead of creating a new one; the re-opening is announced at once, so a returning condition is never hidden.
 */
import type { Alert } from '@arterial/contracts/api/v1';
import { alertKey, type AlertCondition } from './alert-condition';
import { AlertNotFoundError, AlertNotOpenError } from './alerts.errors';

export interface AlertBookOptions {
  clearHoldMs: number;
  reRaiseWindowMs: number;
  /** Cleared alerts kept in memory, so acknowledging one just cleared answers "already cleared" without storage. */
  recentClearedLimit: number;
}

interface OpenEntry {
  alert: Alert;
  /** Set while the condition is reported absent; the alert clears when this is clearHoldMs old. */
  absentSince: number | undefined;
}

interface Closed {
  alert: Alert;
  clearedAt: number;
  /** State before the clear, restored on re-opening (an operator's acknowledgement still stands). */
  stateBefore: 'raised' | 'acknowledged';
}

export class AlertBook {
  private readonly open = new Map<string, OpenEntry>();
  private readonly openById = new Map<string, string>();
  /** Alerts cleared within the re-raise window, by key: a returning condition re-opens them. */
  private readonly closed = new Map<string, Closed>();
  private readonly recentCleared = new Map<string, Alert>();
  private counter = 0;
  private reopened = 0;

  constructor(private readonly options: AlertBookOptions) {}

  /** Records that a condition holds; returns the alert when it was raised or its severity changed (what the feed shows). */
  report(condition: AlertCondition, nowMs: number): Alert | null {
    const key = alertKey(condition.kind, condition.place);
    const entry = this.open.get(key);
    if (entry) {
      const { alert } = entry;
      entry.absentSince = undefined;
      alert.lastSeenAt = Math.max(alert.lastSeenAt, nowMs);
      alert.occurrences++;
      alert.message = condition.message;
      this.update(alert, condition);
      if (alert.severity === condition.severity) return null;
      alert.severity = condition.severity;
      return copy(alert);
    }
    const closed = this.closed.get(key);
    this.closed.delete(key);
    if (closed && nowMs - closed.clearedAt < this.options.reRaiseWindowMs) return this.reopen(key, closed, condition, nowMs);
    return this.raise(key, condition, nowMs);
  }

  /**
   * Records that a condition no longer holds; the alert clears on a later tick once the hold time has passed, or on
   * the next tick without a hold when `immediately` (a condition superseded by another alert, e.g. predicted
   * congestion once the link is congested now).
   */
  end(kind: Alert['kind'], place: Pick<Alert['place'], 'type' | 'id'>, nowMs: number, immediately = false): void {
    const entry = this.open.get(alertKey(kind, place));
    if (!entry) return;
    if (immediately) entry.absentSince = Number.NEGATIVE_INFINITY;
    else entry.absentSince ??= nowMs;
  }

  /** Clears alerts whose condition stayed away for the hold time; forgets cleared ones whose re-raise window ended. */
  tick(nowMs: number): Alert[] {
    const changed: Alert[] = [];
    for (const [key, entry] of this.open) {
      if (entry.absentSince === undefined || nowMs - entry.absentSince < this.options.clearHoldMs) continue;
      this.open.delete(key);
      this.openById.delete(entry.alert.id);
      const stateBefore = entry.alert.state === 'acknowledged' ? 'acknowledged' : 'raised';
      entry.alert.state = 'cleared';
      entry.alert.clearedAt = nowMs;
      this.closed.set(key, { alert: entry.alert, clearedAt: nowMs, stateBefore });
      this.rememberCleared(entry.alert);
      changed.push(copy(entry.alert));
    }
    for (const [key, closed] of this.closed) if (nowMs - closed.clearedAt >= this.options.reRaiseWindowMs) this.closed.delete(key);
    return changed;
  }

  /** Acknowledges an open alert; an acknowledged one is answered unchanged (`changed: false`). */
  acknowledge(id: string, actor: string, note: string, nowMs: number): { alert: Alert; changed: boolean } {
    const key = this.openById.get(id);
    const entry = key === undefined ? undefined : this.open.get(key);
    if (!entry) {
      if (this.recentCleared.has(id)) throw new AlertNotOpenError(id, 'has already cleared');
      throw new AlertNotFoundError(id);
    }
    const { alert } = entry;
    if (alert.state === 'acknowledged') return { alert: copy(alert), changed: false };
    alert.state = 'acknowledged';
    alert.acknowledgedAt = nowMs;
    alert.acknowledgedBy = actor;
    alert.acknowledgedNote = note;
    return { alert: copy(alert), changed: true };
  }

  /**
   * Re-opens alerts that were open before a restart (same ids, acknowledgements kept). Their conditions count as
   * absent from `nowMs`: a source still seeing one reports it again within the hold time, else the alert clears.
   */
  restoreOpen(alerts: readonly Alert[], nowMs: number): void {
    for (const alert of alerts) {
      if (alert.state === 'cleared') continue;
      const key = alertKey(alert.kind, alert.place);
      if (this.open.has(key)) continue;
      this.open.set(key, { alert: copy(alert), absentSince: nowMs });
      this.openById.set(alert.id, key);
    }
  }

  /** Open alerts (raised or acknowledged), newest first. */
  openAlerts(): Alert[] {
    return [...this.open.values()].map((e) => copy(e.alert)).sort((a, b) => b.raisedAt - a.raisedAt);
  }

  /** An open or recently cleared alert. */
  find(id: string): Alert | undefined {
    const key = this.openById.get(id);
    const alert = (key === undefined ? undefined : this.open.get(key)?.alert) ?? this.recentCleared.get(id);
    return alert && copy(alert);
  }

  recentlyCleared(): Alert[] {
    return [...this.recentCleared.values()].map(copy);
  }

  /** Alerts re-opened by a condition that came back within the re-raise window, since start. */
  reopenedCount(): number {
    return this.reopened;
  }

  private update(alert: Alert, condition: AlertCondition): void {
    alert.message = condition.message;
    alert.details = { ...condition.details, ...(alert.details.suppressed !== undefined ? { suppressed: alert.details.suppressed } : {}) };
    if (condition.place.name !== undefined) alert.place = { ...condition.place };
  }

  /** The condition came back within the window: the same alert opens again (announced), counting the re-opening. */
  private reopen(key: string, closed: Closed, condition: AlertCondition, nowMs: number): Alert {
    const { alert } = closed;
    this.recentCleared.delete(alert.id);
    this.update(alert, condition);
    alert.details.suppressed = (alert.details.suppressed ?? 0) + 1;
    alert.severity = condition.severity;
    alert.state = closed.stateBefore;
    alert.clearedAt = null;
    alert.lastSeenAt = Math.max(alert.lastSeenAt, nowMs);
    alert.occurrences++;
    this.reopened++;
    this.open.set(key, { alert, absentSince: undefined });
    this.openById.set(alert.id, key);
    return copy(alert);
  }

  private raise(key: string, condition: AlertCondition, nowMs: number): Alert {
    const alert: Alert = {
      id: this.nextId(nowMs),
      kind: condition.kind,
      severity: condition.severity,
      place: { ...condition.place },
      state: 'raised',
      raisedAt: nowMs,
      lastSeenAt: nowMs,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgedNote: null,
      clearedAt: null,
      message: condition.message,
      details: { ...condition.details },
      occurrences: 1,
    };
    this.open.set(key, { alert, absentSince: undefined });
    this.openById.set(alert.id, key);
    return copy(alert);
  }

  private rememberCleared(alert: Alert): void {
    this.recentCleared.set(alert.id, alert);
    if (this.recentCleared.size > this.options.recentClearedLimit) {
      const oldest = this.recentCleared.keys().next().value;
      if (oldest !== undefined) this.recentCleared.delete(oldest);
    }
  }

  /** Time-based, so ids stay unique across restarts; within the id grammar of the API paths. */
  private nextId(nowMs: number): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `a${Math.max(0, Math.trunc(nowMs)).toString(36)}-${this.counter.toString(36)}`;
  }
}

function copy(alert: Alert): Alert {
  return { ...alert, place: { ...alert.place }, details: { ...alert.details, ...(alert.details.faultCodes ? { faultCodes: [...alert.details.faultCodes] } : {}) } };
}
