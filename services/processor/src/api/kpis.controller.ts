import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { API_ROUTES, NETWORK_AREA_ID, type KpiSeries, type KpisQuery } from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { HistoryQueryService } from '../storage/history-query.service';
import { ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';
import { queryRange } from '../storage/query-range';

const route = API_ROUTES.getKpis;
const DEFAULT_SPAN_MS = 24 * 3600_000;
/** Five-minute buckets: a day in 288 points, readable on a chart, each the mean of five one-minute KPIs. */
const DEFAULT_STEP_S = 300;

@Controller('kpis')
@UseFilters(DomainErrorsFilter)
export class KpisController {
  constructor(
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Stored KPIs of the network (or `area`): `from`/`to` default to the last 24 h, `step` to 300 s. */
  @Get()
  async series(@ValidQuery(route.query) query: KpisQuery): Promise<KpiSeries> {
    const areaId = query.area ?? NETWORK_AREA_ID;
    const history = await this.history.kpiSeries(areaId, queryRange(query, this.clock.now(), DEFAULT_SPAN_MS), query.step ?? DEFAULT_STEP_S);
    return { areaId, from: history.fromMs, to: history.toMs, stepS: history.stepS, points: history.points };
  }
}
