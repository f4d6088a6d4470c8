import { Controller, Get, Inject, NotFoundException, ServiceUnavailableException, UseFilters } from '@nestjs/common';
import {
  API_ROUTES,
  type DailyQualityAnswer,
  type DailyQualityQuery,
  type DetectorQualityDay,
  type LinkEstimateSeries,
  type LinkEstimatesQuery,
  type LinkParams,
} from '@arterial/contracts/api/v1';
import { CLOCK, type Clock } from '../clock/clock';
import { EstimationService } from '../estimation/estimation.service';
import { qualityDays } from '../estimation/quality-days';
import { HistoryQueryService } from '../storage/history-query.service';
import { queryRange } from '../storage/query-range';
import { ValidParams, ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';

const DAY_MS = 86_400_000;

/** Stored history of estimation results: detectors' daily quality reports and a link's estimates. */
@Controller()
@UseFilters(DomainErrorsFilter)
export class QualityHistoryController {
  constructor(
    private readonly estimation: EstimationService,
    private readonly history: HistoryQueryService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Reports of finished days from the store (written at each day's end); today's so far from the running estimation,
   * the same report `GET /api/detectors/{id}/quality` gives as `daily`.
   */
  @Get('quality/daily')
  async daily(@ValidQuery(API_ROUTES.getDailyQuality.query) query: DailyQualityQuery): Promise<DailyQualityAnswer> {
    const nowMs = this.clock.now();
    const today = this.estimation.localDay(nowMs);
    if (today === undefined) throw new ServiceUnavailableException('estimation is not running yet');
    const days = qualityDays(query, today);
    const fromMs = this.estimation.localDayStartMs(days[0]!)!;
    const toMs = this.estimation.localDayStartMs(days[days.length - 1]!)! + DAY_MS;
    const byDetector = new Map<string, Map<string, DetectorQualityDay>>();
    const put = (detectorId: string, report: DetectorQualityDay) => {
      let reports = byDetector.get(detectorId);
      if (!reports) byDetector.set(detectorId, (reports = new Map()));
      reports.set(report.day, report);
    };
    for (const { detectorId, report } of await this.history.dailyQuality({ fromMs, toMs }, query.detector)) put(detectorId, report);
    const running = days.includes(today) ? this.estimation.dailyQualityToday(nowMs) : undefined;
    for (const { detectorId, diagnosis: d } of running?.reports ?? []) {
      if (query.detector !== undefined && detectorId !== query.detector) continue;
      put(detectorId, { day: running!.day, score: d.score, completeness: d.completeness, status: d.status, faults: d.faults, warnings: d.warnings });
    }
    const detectors = [...byDetector.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([detectorId, reports]) => ({ detectorId, days: days.flatMap((day) => reports.get(day) ?? []) }))
      .filter((d) => d.days.length > 0);
    return { days, detectors };
  }

  /** A link's stored estimates: `from`/`to` (default the last hour), `step` in seconds (default ~360 buckets). */
  @Get('links/:id/estimates')
  async linkEstimates(@ValidParams(API_ROUTES.getLinkEstimates.params) { id }: LinkParams, @ValidQuery(API_ROUTES.getLinkEstimates.query) query: LinkEstimatesQuery): Promise<LinkEstimateSeries> {
    if (!this.estimation.knowsLink(id)) throw new NotFoundException(`link ${JSON.stringify(id)} is not in the network`);
    const series = await this.history.linkEstimateSeries(id, queryRange(query, this.clock.now(), 3600_000), query.step);
    return { linkId: id, from: series.fromMs, to: series.toMs, stepS: series.stepS, points: series.points };
  }
}
