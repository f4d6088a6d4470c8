import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { HistoryQueryService } from '../storage/history-query.service';
import { parsePositiveInt, parseTime } from './query-params';
import { DomainErrorsFilter } from './domain-errors.filter';

@Controller('dead-letters')
@UseFilters(DomainErrorsFilter)
export class DeadLettersController {
  constructor(
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Rejected messages with their reasons, newest first (default: last 24 h, 100 rows). */
  @Get()
  async list(@Query('from') fromRaw?: string, @Query('to') toRaw?: string, @Query('limit') limitRaw?: string) {
    const toMs = parseTime('to', toRaw) ?? this.clock.now();
    const fromMs = parseTime('from', fromRaw) ?? toMs - 24 * 3600_000;
    return { from: fromMs, to: toMs, deadLetters: await this.history.deadLetters({ fromMs, toMs }, parsePositiveInt('limit', limitRaw) ?? 100) };
  }
}
