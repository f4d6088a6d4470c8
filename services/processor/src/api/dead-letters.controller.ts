import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { API_ROUTES, DEFAULT_DEAD_LETTER_LIMIT, type DeadLetterList, type DeadLettersQuery } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { HistoryQueryService } from '../storage/history-query.service';
import { ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';
import { queryRange } from '../storage/query-range';

const route = API_ROUTES.listDeadLetters;

@Controller('dead-letters')
@UseFilters(DomainErrorsFilter)
export class DeadLettersController {
  constructor(
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Rejected messages with their reasons, newest first (default: last 24 h, 100 rows). */
  @Get()
  async list(@ValidQuery(route.query) query: DeadLettersQuery): Promise<DeadLetterList> {
    const range = queryRange(query, this.clock.now(), 24 * 3600_000);
    return { from: range.fromMs, to: range.toMs, deadLetters: await this.history.deadLetters(range, query.limit ?? DEFAULT_DEAD_LETTER_LIMIT) };
  }
}
