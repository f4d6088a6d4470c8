/**
 * The security audit log: append-only, one record per sign-in, refused request, override or plan posted, device or
 * user change. Stored through the TimeSeriesStore (measurement `security_audit`, durable like the control audit)
 * and logged; read back by `GET /api/security-audit`.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { SecurityAuditEvent } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../../clock/clock';
import { createLogger } from '../../logging/logger';
import type { SecurityAuditStoreQuery } from '../../storage/security-audit-points';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../../storage/time-series-store';

const log = createLogger('security-audit');

/** An event without its time: the service stamps it from the injected clock. */
export type SecurityAuditEntry = Omit<SecurityAuditEvent, 'at' | 'remoteAddress' | 'target' | 'detail'> & Partial<Pick<SecurityAuditEvent, 'remoteAddress' | 'target' | 'detail'>>;

@Injectable()
export class SecurityAuditService {
  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(entry: SecurityAuditEntry): SecurityAuditEvent {
    const event: SecurityAuditEvent = { at: this.clock.now(), remoteAddress: null, target: null, detail: null, ...entry };
    this.store.write([{ kind: 'security-audit', event }]);
    if (event.outcome === 'success') log.info(event, 'security event');
    else log.warn(event, 'security event');
    return event;
  }

  /** Runs an audited action: its success, or its failure with the error's name, is recorded; the result or error passes through. */
  async outcomeOf<T>(entry: Omit<SecurityAuditEntry, 'outcome'>, action: () => Promise<T>): Promise<T> {
    try {
      const result = await action();
      this.record({ ...entry, outcome: 'success' });
      return result;
    } catch (err) {
      this.record({ ...entry, outcome: 'failure', detail: [entry.detail, `${(err as Error).name}: ${(err as Error).message}`].filter(Boolean).join('; ') });
      throw err;
    }
  }

  query(query: SecurityAuditStoreQuery): Promise<SecurityAuditEvent[]> {
    return this.store.securityAudit(query);
  }
}
