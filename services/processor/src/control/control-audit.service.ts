/**
 * The control audit trail: every control action goes to storage (InfluxDB, durable) and to the live feed, and to the
 * log. Plans are also stored whole at each lifecycle step, so `GET /api/intersections/{id}/plans` answers from storage.
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ControlAuditEvent, DispatchedPlan } from '@arterial/contracts/api/v1';
import { Subject, type Observable } from 'rxjs';
import { createLogger } from '../logging/logger';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';

const log = createLogger('control-audit');

@Injectable()
export class ControlAuditService implements OnModuleDestroy {
  private readonly events = new Subject<ControlAuditEvent>();
  readonly events$: Observable<ControlAuditEvent> = this.events.asObservable();

  constructor(@Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore) {}

  record(event: ControlAuditEvent): void {
    this.store.write([{ kind: 'control-audit', event }]);
    log.info(event, 'control action');
    this.events.next(event);
  }

  /** A plan in a new state; a copy, so later changes to the live record do not reach what was stored. */
  planStep(plan: DispatchedPlan, at: number): void {
    this.store.write([{ kind: 'dispatched-plan', at, plan: structuredClone(plan) }]);
  }

  onModuleDestroy(): void {
    this.events.complete();
  }
}
