/**
 * The alert lifecycle, pure and on the caller's clock: raised → acknowledged → cleared.
 *
 * - De-duplication: one open alert per (kind, place); a repeated report updates `lastSeenAt` and `occurrences`.
 * - Hysteresis: an ended condition clears its alert only after it has stayed away for `clearHoldMs`; a report
 *   within the hold keeps the alert open, so a condition that blinks never produces a clear and a new alert.
 * - Rate limit: after a clear, the same key cannot raise again for `reRaiseWindowMs`. Reports in that window are
 *   counted and held back; if the condition still holds when the window ends, one alert is raised then (with the
 *   held-back count in `details.suppressed`), so a condition that really persists is never lost to the limit.
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

interface HeldBack {
  condition: AlertCondition;
  count: number;
}

export class AlertBook {
  private readonly open = new Map<string, OpenEntry>();
  private readonly openById = new Map<string, string>();
  private readonly lastClearedAt = new Map<string, number>();
  private readonly heldBack = new Map<string, HeldBack>();
  private readonly recentCleared = new Map<string, Alert>();
  private counter = 0;
  private suppressed = 0;

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
      alert.details = { ...condition.details, ...(alert.details.suppressed !== undefined ? { suppressed: alert.details.suppressed } : {}) };
      if (condition.place.name !== undefined) alert.place = { ...condition.place };
      if (alert.severity === condition.severity) return null;
      alert.severity = condition.severity;
      return copy(alert);
    }
    const clearedAt = this.lastClearedAt.get(key);
    if (clearedAt !== undefined && nowMs - clearedAt < this.options.reRaiseWindowMs) {
      const held = this.heldBack.get(key);
      this.heldBack.set(key, { condition, count: (held?.count ?? 0) + 1 });
      this.suppressed++;
      return null;
    }
    return this.raise(key, condition, nowMs, 0);
  }

  /** Records that a condition no longer holds; the alert clears on a later tick once the hold time has passed. */
  end(kind: Alert['kind'], place: Pick<Alert['place'], 'type' | 'id'>, nowMs: number): void {
    const key = alertKey(kind, place);
    this.heldBack.delete(key);
    const entry = this.open.get(key);
    if (entry && entry.absentSince === undefined) entry.absentSince = nowMs;
  }

  /** Clears alerts whose condition stayed away for the hold time and raises held-back ones whose window ended. */
  tick(nowMs: number): Alert[] {
    const changed: Alert[] = [];
    for (const [key, entry] of this.open) {
      if (entry.absentSince === undefined || nowMs - entry.absentSince < this.options.clearHoldMs) continue;
      this.open.delete(key);
      this.openById.delete(entry.alert.id);
      entry.alert.state = 'cleared';
      entry.alert.clearedAt = nowMs;
      this.lastClearedAt.set(key, nowMs);
      this.rememberCleared(entry.alert);
      changed.push(copy(entry.alert));
    }
    for (const [key, clearedAt] of this.lastClearedAt) {
      if (nowMs - clearedAt < this.options.reRaiseWindowMs) continue;
      this.lastClearedAt.delete(key);
      const held = this.heldBack.get(key);
      if (!held) continue;
      this.heldBack.delete(key);
      changed.push(this.raise(key, held.condition, nowMs, held.count));
    }
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

  /** Reports held back by the rate limit since start. */
  suppressedCount(): number {
    return this.suppressed;
  }

  private raise(key: string, condition: AlertCondition, nowMs: number, suppressed: number): Alert {
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
      details: { ...condition.details, ...(suppressed > 0 ? { suppressed } : {}) },
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
