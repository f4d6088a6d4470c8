import { BadRequestException, Controller, Get, Inject, Param, Query, UseFilters } from '@nestjs/common';
import { isValidId } from '@arterial/contracts/mqtt/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { NetworkService } from '../network/network.service';
import { LiveStateService } from '../state/live-state.service';
import { HistoryQueryService } from '../storage/history-query.service';
import { parsePositiveInt, parseTime } from './query-params';
import { DomainErrorsFilter } from './domain-errors.filter';

@Controller('detectors')
@UseFilters(DomainErrorsFilter)
export class DetectorsController {
  constructor(
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly network: NetworkService,
    private readonly state: LiveStateService,
  ) {}

  /** History of one detector: `from`/`to` (epoch ms or ISO, default the last hour), `step` in seconds (default ~360 buckets). */
  @Get(':id/series')
  async series(@Param('id') id: string, @Query('from') fromRaw?: string, @Query('to') toRaw?: string, @Query('step') stepRaw?: string) {
    if (!isValidId(id)) throw new BadRequestException(`detector id ${JSON.stringify(id)} is not valid`);
    const toMs = parseTime('to', toRaw) ?? this.clock.now();
    const fromMs = parseTime('from', fromRaw) ?? toMs - 3600_000;
    const history = await this.history.detectorSeries(id, { fromMs, toMs }, parsePositiveInt('step', stepRaw));
    return {
      detectorId: id,
      known: this.network.detector(id) !== undefined,
      from: history.fromMs,
      to: history.toMs,
      stepS: history.stepS,
      live: this.state.detector(id) ?? null,
      points: history.points,
    };
  }
}
