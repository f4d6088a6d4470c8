import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { API_ROUTES, DEFAULT_SECURITY_AUDIT_LIMIT, type SecurityAuditList, type SecurityAuditQuery } from '@arterial/contracts/api/v1';
import { SecurityAuditService } from '../auth/audit/security-audit.service';
import { CLOCK, type Clock } from '../clock/clock';
import { queryRange } from '../storage/query-range';
import { InvalidRangeError } from '../storage/storage.errors';
import { ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';

const route = API_ROUTES.listSecurityAudit;

/** The security audit log (engineer and up, by the route table), newest first; default the last 24 hours, 200 events. */
@Controller('security-audit')
@UseFilters(DomainErrorsFilter)
export class SecurityAuditController {
  constructor(
    private readonly audit: SecurityAuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async list(@ValidQuery(route.query) query: SecurityAuditQuery): Promise<SecurityAuditList> {
    const range = queryRange(query, this.clock.now(), 24 * 3600_000);
    if (range.fromMs >= range.toMs) throw new InvalidRangeError(`from (${range.fromMs}) must be before to (${range.toMs})`);
    const events = await this.audit.query({
      range,
      limit: query.limit ?? DEFAULT_SECURITY_AUDIT_LIMIT,
      ...(query.actor !== undefined ? { actor: query.actor } : {}),
      ...(query.action !== undefined ? { action: query.action } : {}),
    });
    return { from: range.fromMs, to: range.toMs, events };
  }
}
