import { Controller, Get, Inject, Query } from '@nestjs/common';
import { CLOCK, type Clock } from '../clock/clock';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { parsePositiveInt, parseTime } from './query-params';

@Controller('dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Rejected messages with their reasons, newest first (default: last 24 h, 100 rows). */
  @Get()
  async list(@Query('from') fromRaw?: string, @Query('to') toRaw?: string, @Query('limit') limitRaw?: string) {
    const toMs = parseTime('to', toRaw) ?? this.clock.now();
    const fromMs = parseTime('from', fromRaw) ?? toMs - 24 * 3600_000;
    const limit = Math.min(parsePositiveInt('limit', limitRaw) ?? 100, 1000);
    return { from: fromMs, to: toMs, deadLetters: await this.store.deadLetters({ fromMs, toMs }, limit) };
  }
}
