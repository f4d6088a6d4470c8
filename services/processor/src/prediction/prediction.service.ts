/**
 * Runs prediction live: each estimation step's detector estimates (flow, speed, occupancy) feed the network predictor,
 * which forecasts every detector and link 5–60 minutes ahead with 80 % intervals and grades each link's predicted
 * level with a confidence. Forecasts are stored, kept in memory for REST and published on `updates$` (live feed,
 * alerts).
 *
 * Why estimation steps rather than accepted measurements: estimation already decides which samples belong to which
 * whole-minute step of the injected clock (and replay drives `EstimationService.step` directly), so predictions fall
 * on exactly the same steps with exactly the same inputs live and in replay. Aggregating measurements here again
 * would repeat that bookkeeping and could disagree with it at the step edges.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DetectorHorizonForecast, LinkHorizonForecast } from '@arterial/contracts/api/v1';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { DEFAULT_ESTIMATION_CONFIG } from '../estimation/interval-estimation.engine';
import { EstimationService } from '../estimation/estimation.service';
import type { DetectorEstimate } from '../estimation/estimation.types';
import type { GbtRoadClass } from '../estimation/road-class.resolver';
import { createLogger } from '../logging/logger';
import { NetworkService } from '../network/network.service';
import { TIME_SERIES_STORE, type TimeSeriesRecord, type TimeSeriesStore } from '../storage/time-series-store';
import { NetworkPredictor, PREDICTION_TARGETS, type NetworkPrediction, type NetworkPredictorOptions } from './network.predictor';

const log = createLogger('prediction');

export type PredictionOptions = NetworkPredictorOptions;

export const PREDICTION_OPTIONS = Symbol('PREDICTION_OPTIONS');

export const DEFAULT_PREDICTION_OPTIONS: PredictionOptions = {
  model: 'ridge',
  // rows of 5 minutes, history of an hour, horizons 1, 3, 6 and 12 rows: the setup evaluated in docs/prediction.md
  stepMs: 300_000,
  history: 12,
  horizonsMin: [5, 15, 30, 60],
  utcOffsetHours: DEFAULT_ESTIMATION_CONFIG.utcOffsetMin / 60,
  // 12 h: 8.4 h to learn from, 3.6 h to tune and calibrate on (each calibration sample needs a window and 60 minutes)
  fitAfterRows: 144,
  validationShare: 0.3,
  // refitted daily on the last day, which recalibrates the intervals; between fits the model learns online
  refitEveryRows: 288,
  keepRows: 288,
  // a detector silent for more than 15 minutes gets no forecast
  maxStaleRows: 3,
  fallbackRefitRows: 3,
};

@Injectable()
export class PredictionService implements OnModuleInit, OnModuleDestroy {
  private predictor: NetworkPredictor | undefined;
  private subscription: Subscription | undefined;
  private latest: NetworkPrediction | undefined;
  private readonly updates = new Subject<NetworkPrediction>();

  constructor(
    private readonly estimation: EstimationService,
    private readonly network: NetworkService,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    @Inject(PREDICTION_OPTIONS) private readonly options: PredictionOptions,
  ) {}

  /** Every prediction step, as it is made. */
  get updates$(): Observable<NetworkPrediction> {
    return this.updates.asObservable();
  }

  onModuleInit(): void {
    this.predictor = new NetworkPredictor(this.network.model, this.options);
    this.subscription = this.estimation.updates$.subscribe(({ estimates }) => this.step(estimates.tsMs, estimates.detectors));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.updates.complete();
  }

  /**
   * One estimation step's detector estimates; forecasts when they close a model row (every 5 minutes). Public so
   * replay and tests can drive it directly.
   */
  step(tsMs: number, detectors: readonly DetectorEstimate[]): NetworkPrediction | undefined {
    if (!this.predictor) return undefined;
    try {
      const prediction = this.predictor.step(tsMs, detectors);
      if (!prediction) return undefined;
      this.latest = prediction;
      this.store.write(toRecords(prediction));
      this.updates.next(prediction);
      return prediction;
    } catch (error) {
      // a bug in one step must not stop the next ones
      log.error({ err: error, tsMs }, 'prediction step failed');
      return undefined;
    }
  }

  knowsDetector(id: string): boolean {
    return this.predictor?.knowsDetector(id) ?? false;
  }

  /** The link's road class, or undefined for a link not in the network model. */
  roadClass(linkId: string): GbtRoadClass | undefined {
    return this.predictor?.roadClasses.get(linkId);
  }

  latestPrediction(): NetworkPrediction | undefined {
    return this.latest;
  }

  latestDetector(id: string): { prediction: NetworkPrediction; forecasts: readonly DetectorHorizonForecast[] } | undefined {
    const forecasts = this.latest?.detectors.get(id);
    return forecasts && this.latest ? { prediction: this.latest, forecasts } : undefined;
  }

  latestLink(id: string): { prediction: NetworkPrediction; forecasts: readonly LinkHorizonForecast[] } | undefined {
    const forecasts = this.latest?.links.get(id);
    return forecasts && this.latest ? { prediction: this.latest, forecasts } : undefined;
  }
}

function toRecords(prediction: NetworkPrediction): TimeSeriesRecord[] {
  const records: TimeSeriesRecord[] = [];
  const add = (place: { detectorId: string } | { linkId: string }, forecasts: readonly DetectorHorizonForecast[]) => {
    for (const f of forecasts) {
      for (const target of PREDICTION_TARGETS) {
        const v = f[target];
        if (v) records.push({ kind: 'prediction', ts: prediction.issuedAt, place, target, horizonMin: f.horizonMin, value: v.value, lower: v.lower, upper: v.upper, model: prediction.model });
      }
    }
  };
  for (const [detectorId, forecasts] of prediction.detectors) add({ detectorId }, forecasts);
  for (const [linkId, forecasts] of prediction.links) add({ linkId }, forecasts);
  return records;
}
