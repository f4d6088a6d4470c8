import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { API_ROUTES, type DetectorParams, type DetectorSeries, type DetectorSeriesQuery } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { NetworkService } from '../network/network.service';
import { LiveStateService } from '../state/live-state.service';
import { HistoryQueryService } from '../storage/history-query.service';
import { ValidParams, ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';
import { queryRange } from '../storage/query-range';

const route = API_ROUTES.getDetectorSeries;

@Controller('detectors')
@UseFilters(DomainErrorsFilter)
export class DetectorsController {
  constructor(
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly network: NetworkService,
    private readonly state: LiveStateService,
  ) {}

  /** History of one detector: `from`/`to` (default the last hour), `step` in seconds (default ~360 buckets). */
  @Get(':id/series')
  async series(@ValidParams(route.params) { id }: DetectorParams, @ValidQuery(route.query) query: DetectorSeriesQuery): Promise<DetectorSeries> {
    const history = await this.history.detectorSeries(id, queryRange(query, this.clock.now(), 3600_000), query.step);
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
