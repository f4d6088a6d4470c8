import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { API_ROUTES, type BulkHistoryQuery, type LinkEstimateHistory, type LinkEstimateHistoryQuery, type ReplaySourceList, type SignalStateHistory } from '@arterial/contracts/api/v1';
import { intersectionsOf, linksOf } from '@arterial/contracts/network';
import { CLOCK, type Clock } from '../clock/clock';
import { NetworkService } from '../network/network.service';
import { queryRange } from '../storage/query-range';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { bulkHistoryRange } from './bulk-history-range';
import { badInput, ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';

const HOUR_MS = 3_600_000;

/** Stored history of every link and junction over one range, in one request each: what replay shows. */
@Controller()
@UseFilters(DomainErrorsFilter)
export class ReplayHistoryController {
  constructor(
    private readonly network: NetworkService,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Every link's stored estimates in buckets (as `GET /api/links/{id}/estimates`), bounded by links × buckets; with
   * `source`, a replay run's, read only, the name checked against the runs the store lists (never any other database).
   */
  @Get('links/estimates')
  async linkEstimates(@ValidQuery(API_ROUTES.getAllLinkEstimates.query) query: LinkEstimateHistoryQuery): Promise<LinkEstimateHistory> {
    const range = bulkHistoryRange(queryRange(query, this.clock.now(), HOUR_MS), query.step, linksOf(this.network.model).length, 'links');
    const store = query.source === undefined ? this.store : await this.store.replaySource?.(query.source);
    if (store === undefined) throw badInput('/query/source', `${JSON.stringify(query.source)} is not a replay run; GET /api/replay-sources lists them`);
    const links = await store.allLinkEstimateSeries(range, range.stepS);
    return { from: range.fromMs, to: range.toMs, stepS: range.stepS, links };
  }

  /** Replay runs whose results replay mode can show (`npm run replay` writes them to `<INFLUX_DB>_replay…`). */
  @Get('replay-sources')
  async replaySources(): Promise<ReplaySourceList> {
    return { sources: (await this.store.replaySources?.()) ?? [] };
  }

  /** Every junction's stored signal states, the last of each bucket, bounded by junctions × buckets. */
  @Get('signal-states')
  async signalStates(@ValidQuery(API_ROUTES.getAllSignalStates.query) query: BulkHistoryQuery): Promise<SignalStateHistory> {
    const range = bulkHistoryRange(queryRange(query, this.clock.now(), HOUR_MS), query.step, intersectionsOf(this.network.model).length, 'junctions');
    const intersections = await this.store.signalStateBuckets(range, range.stepS);
    return { from: range.fromMs, to: range.toMs, stepS: range.stepS, intersections };
  }
}
