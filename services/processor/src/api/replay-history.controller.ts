import { Controller, Get, Inject, NotFoundException, UseFilters } from '@nestjs/common';
import {
  API_ROUTES,
  MAX_PREDICTION_HISTORY_MS,
  type BulkHistoryQuery,
  type ControllerStatusHistory,
  type DetectorParams,
  type DetectorPredictionHistory,
  type DetectorPredictionHistoryQuery,
  type LinkEstimateHistory,
  type LinkEstimateHistoryQuery,
  type ReplaySourceList,
  type SignalStateHistory,
} from '@arterial/contracts/api/v1';
import { intersectionsOf, linksOf } from '@arterial/contracts/network';
import { CLOCK, type Clock } from '../clock/clock';
import { NetworkService } from '../network/network.service';
import { queryRange } from '../storage/query-range';
import { InvalidRangeError } from '../storage/storage.errors';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { bulkHistoryRange } from './bulk-history-range';
import { badInput, ValidParams, ValidQuery } from './contract.pipe';
import { DomainErrorsFilter } from './domain-errors.filter';

const HOUR_MS = 3_600_000;
const DEFAULT_HORIZON_MIN = 15;

/** Stored history of every link and junction over one range, in one request each, and a detector's stored forecasts: what replay shows. */
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

  /** Every junction's stored controller status (online, firmware, faults), the last of each bucket and the last before the range. */
  @Get('controller-status')
  async controllerStatus(@ValidQuery(API_ROUTES.getAllControllerStatus.query) query: BulkHistoryQuery): Promise<ControllerStatusHistory> {
    const range = bulkHistoryRange(queryRange(query, this.clock.now(), HOUR_MS), query.step, intersectionsOf(this.network.model).length, 'junctions');
    const intersections = await this.store.controllerStatusBuckets(range, range.stepS);
    return { from: range.fromMs, to: range.toMs, stepS: range.stepS, intersections };
  }

  /** A detector's stored forecasts at one horizon over a range of issue times (at most MAX_PREDICTION_HISTORY_MS). */
  @Get('detectors/:id/predictions')
  async detectorPredictions(
    @ValidParams(API_ROUTES.getDetectorPredictionHistory.params) { id }: DetectorParams,
    @ValidQuery(API_ROUTES.getDetectorPredictionHistory.query) query: DetectorPredictionHistoryQuery,
  ): Promise<DetectorPredictionHistory> {
    if (this.network.detector(id) === undefined) throw new NotFoundException(`detector ${JSON.stringify(id)} is not in the network`);
    const range = queryRange(query, this.clock.now(), HOUR_MS);
    if (!(range.fromMs < range.toMs)) throw new InvalidRangeError(`from (${range.fromMs}) must be before to (${range.toMs})`);
    if (range.toMs - range.fromMs > MAX_PREDICTION_HISTORY_MS) throw new InvalidRangeError(`the range may span at most ${MAX_PREDICTION_HISTORY_MS / HOUR_MS} hours`);
    const horizonMin = query.horizon ?? DEFAULT_HORIZON_MIN;
    const forecasts = await this.store.detectorPredictions(id, range, horizonMin);
    return { detectorId: id, from: range.fromMs, to: range.toMs, horizonMin, forecasts };
  }
}
