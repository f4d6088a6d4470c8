/**
 * The centre's alert book as a service: sources report conditions through it (it is the AlertSink), it runs the
 * lifecycle on the injected clock, stores every lifecycle step, announces changes to the live feed, and answers
 * the REST API (open alerts from memory, history from the store).
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AcknowledgeRequest, Alert, AlertKind, AlertList, AlertPlace, AlertsQuery } from '@arterial/contracts/api/v1';
import { DEFAULT_ALERT_LIMIT } from '@arterial/contracts/api/v1';
import { Subject } from 'rxjs';
import { CLOCK, type Clock } from '../clock/clock';
import { createLogger } from '../logging/logger';
import { InvalidRangeError } from '../storage/storage.errors';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { AlertBook } from './alert-book';
import type { AlertCondition, AlertSink, EndOptions } from './alert-condition';
import type { AlertFeed } from './alert-feed';
import { AlertNotFoundError, AlertNotOpenError } from './alerts.errors';
import { ALERTS_OPTIONS, type AlertsOptions } from './alerts.options';
import { queryRange } from '../storage/query-range';

const log = createLogger('alerts');
const DAY_MS = 24 * 3600_000;

@Injectable()
export class AlertService implements AlertSink, AlertFeed, OnModuleInit, OnModuleDestroy {
  private readonly book: AlertBook;
  private readonly changeSubject = new Subject<Alert[]>();
  readonly changes$ = this.changeSubject.asObservable();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(ALERTS_OPTIONS) private readonly options: AlertsOptions,
  ) {
    this.book = new AlertBook(options);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.changeSubject.complete();
  }

  raise(condition: AlertCondition): void {
    const changed = this.book.report(condition, this.clock.now());
    if (changed) this.publish([changed]);
  }

  end(kind: AlertKind, place: Pick<AlertPlace, 'type' | 'id'>, options?: EndOptions): void {
    this.book.end(kind, place, this.clock.now(), options?.immediately === true);
    if (options?.immediately === true) this.tick();
  }

  /** Clears what stayed away for the hold time and raises what the rate limit held back; the timer calls it. */
  tick(): void {
    const changed = this.book.tick(this.clock.now());
    if (changed.length > 0) this.publish(changed);
  }

  openAlerts(): Alert[] {
    return this.book.openAlerts();
  }

  /** Open alerts from before a restart (durability/live-snapshot.service.ts); not announced again, not stored again. */
  restoreOpen(alerts: readonly Alert[]): void {
    this.book.restoreOpen(alerts, this.clock.now());
  }

  /** Throws AlertNotFoundError (404) or AlertNotOpenError (409). */
  async acknowledge(id: string, request: AcknowledgeRequest): Promise<Alert> {
    try {
      const { alert, changed } = this.book.acknowledge(id, request.actor, request.note, this.clock.now());
      if (changed) this.publish([alert]);
      return alert;
    } catch (error) {
      if (!(error instanceof AlertNotFoundError)) throw error;
      throw await this.notOpenReason(id, error);
    }
  }

  /** Open alerts whenever raised, plus alerts with a lifecycle step in the range; the store's absence only costs history. */
  async list(query: AlertsQuery): Promise<AlertList> {
    const { fromMs, toMs } = queryRange(query, this.clock.now(), DAY_MS);
    if (!(fromMs < toMs)) throw new InvalidRangeError(`from (${fromMs}) must be before to (${toMs})`);
    const limit = query.limit ?? DEFAULT_ALERT_LIMIT;
    const matches = (a: Alert) =>
      (query.state === undefined || a.state === query.state) && (query.kind === undefined || a.kind === query.kind) && (query.severity === undefined || a.severity === query.severity);
    const byId = new Map<string, Alert>();
    for (const alert of this.book.openAlerts()) if (matches(alert)) byId.set(alert.id, alert);
    // Just cleared alerts may still be in the write batch; memory has them first.
    for (const alert of this.book.recentlyCleared()) {
      const at = lastStepAt(alert);
      if (matches(alert) && at >= fromMs && at < toMs) byId.set(alert.id, alert);
    }
    let historyError: string | null = null;
    try {
      const stored = await this.store.alerts({
        range: { fromMs, toMs },
        limit,
        ...(query.kind !== undefined ? { kind: query.kind } : {}),
        ...(query.state !== undefined ? { state: query.state } : {}),
        ...(query.severity !== undefined ? { severity: query.severity } : {}),
      });
      for (const alert of stored) if (!byId.has(alert.id)) byId.set(alert.id, alert);
    } catch (error) {
      historyError = error instanceof Error ? error.message : String(error);
      log.warn({ err: historyError }, 'alert history unavailable; answering open alerts only');
    }
    const alerts = [...byId.values()].sort((a, b) => lastStepAt(b) - lastStepAt(a)).slice(0, limit);
    return { from: fromMs, to: toMs, alerts, historyError };
  }

  private async notOpenReason(id: string, notFound: AlertNotFoundError): Promise<Error> {
    let stored: Alert | undefined;
    try {
      [stored] = await this.store.alerts({ range: { fromMs: 0, toMs: this.clock.now() + 1 }, limit: 1, id });
    } catch {
      return notFound;
    }
    if (!stored) return notFound;
    return new AlertNotOpenError(id, stored.state === 'cleared' ? 'has already cleared' : 'is no longer open (the centre restarted since it was raised)');
  }

  private publish(alerts: Alert[]): void {
    const at = this.clock.now();
    this.store.write(alerts.map((alert) => ({ kind: 'alert', at, alert })));
    for (const alert of alerts) log.info({ id: alert.id, kind: alert.kind, state: alert.state, severity: alert.severity, place: alert.place }, `alert ${alert.state}`);
    this.changeSubject.next(alerts);
  }
}

function lastStepAt(alert: Alert): number {
  return Math.max(alert.raisedAt, alert.acknowledgedAt ?? 0, alert.clearedAt ?? 0);
}
