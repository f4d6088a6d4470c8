import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { API_ROUTES, DEFAULT_AUDIT_LIMIT, type AuditList, type AuditQuery } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { HistoryQueryService } from '../storage/history-query.service';
import { queryRange } from '../storage/query-range';
import { ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';

const route = API_ROUTES.listAudit;

@Controller('audit')
@UseFilters(DomainErrorsFilter)
export class AuditController {
  constructor(
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every control action with actor, time, reason and outcome, newest first (default: last 24 h, 200 events). */
  @Get()
  async list(@ValidQuery(route.query) query: AuditQuery): Promise<AuditList> {
    const range = queryRange(query, this.clock.now(), 24 * 3600_000);
    const events = await this.history.controlAudit({ range, limit: query.limit ?? DEFAULT_AUDIT_LIMIT, ...(query.intersectionId !== undefined ? { intersectionId: query.intersectionId } : {}) });
    return { from: range.fromMs, to: range.toMs, events };
  }
}
