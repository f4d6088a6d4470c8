/**
 * Runs estimation, data quality and KPIs live: collects accepted detector measurements, steps the estimation engine
 * at every whole interval (one minute) of the injected clock, computes the KPIs, stores link estimates, detector
 * quality and KPIs, and keeps the latest results for REST and the live feed. A virtual clock drives it as the wall
 * clock does (ClockTicker), and `step()` is public so replay can step it directly: the same samples and boundaries give
 * the same results.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DetectorDiagnosis, Kpi, LinkEstimate } from '@arterial/contracts/api/v1';
import { linksOf } from '@arterial/contracts/network';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { CLOCK, type Clock } from '../clock/clock';
import { ClockTicker } from '../clock/clock-ticker';
import { ACCEPTED_MESSAGES, type AcceptedMessages } from '../ingest/accepted-messages';
import { computeKpis } from '../kpi/kpi.calculator';
import { createLogger } from '../logging/logger';
import { NetworkService } from '../network/network.service';
import type { DetectorSample } from '../quality/detector-sample';
import { TIME_SERIES_STORE, type TimeSeriesRecord, type TimeSeriesStore } from '../storage/time-series-store';
import type { IntervalEstimates } from './estimation.types';
import { IntervalEstimationEngine } from './interval-estimation.engine';

const log = createLogger('estimation');

export interface EstimationOptions {
  /** Estimation interval; steps fall on its whole multiples of epoch time. */
  periodMs: number;
  /** How often (real time) the clock is read for a passed boundary. */
  pollMs: number;
  /** Samples waiting for a step beyond this are dropped oldest first (a stalled clock must not grow memory without end). */
  maxPendingSamples: number;
}

export const ESTIMATION_OPTIONS = Symbol('ESTIMATION_OPTIONS');
export const DEFAULT_ESTIMATION_OPTIONS: EstimationOptions = { periodMs: 60_000, pollMs: 1000, maxPendingSamples: 500_000 };

export interface EstimationUpdate {
  readonly estimates: IntervalEstimates;
  readonly kpis: readonly Kpi[];
}

@Injectable()
export class EstimationService implements OnModuleInit, OnModuleDestroy {
  private engine: IntervalEstimationEngine | undefined;
  private ticker: ClockTicker | undefined;
  private subscription: Subscription | undefined;
  private pending: DetectorSample[] = [];
  private linkIds: ReadonlySet<string> = new Set();
  private latest: { update: EstimationUpdate; links: Map<string, LinkEstimate> } | undefined;
  private readonly updates = new Subject<EstimationUpdate>();

  constructor(
    @Inject(ACCEPTED_MESSAGES) private readonly accepted: AcceptedMessages,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly network: NetworkService,
    @Inject(ESTIMATION_OPTIONS) private readonly options: EstimationOptions,
  ) {}

  /** Every step's estimates and KPIs, as they are made. */
  get updates$(): Observable<EstimationUpdate> {
    return this.updates.asObservable();
  }

  onModuleInit(): void {
    this.engine = new IntervalEstimationEngine(this.network.model, this.clock.now());
    this.linkIds = new Set(linksOf(this.network.model).map((l) => l.properties.id));
    this.subscription = this.accepted.subscribe((message) => {
      if (message.kind !== 'measurement' || !this.network.detector(message.deviceId)) return;
      const m = message.payload;
      // built field by field: a spread copy of every accepted measurement cost more than its eight fields
      this.pending.push({ detectorId: message.deviceId, ts: m.ts, seq: m.seq, intervalS: m.intervalS, volume: m.volume, occupancyPct: m.occupancyPct, speedKph: m.speedKph, health: m.health });
      if (this.pending.length > this.options.maxPendingSamples) this.pending.splice(0, this.pending.length - this.options.maxPendingSamples);
    });
    this.ticker = new ClockTicker(this.clock, { periodMs: this.options.periodMs, pollMs: this.options.pollMs }, (boundaryMs) => this.step(boundaryMs));
    this.ticker.start();
  }

  onModuleDestroy(): void {
    this.ticker?.stop();
    this.subscription?.unsubscribe();
    this.updates.complete();
  }

  /**
   * One step at `boundaryMs`: the samples whose interval ended by then go in (later ones wait for their step, so a
   * sample is never lost to the engine's "not after the step" rule), results are stored and published.
   */
  step(boundaryMs: number): EstimationUpdate | undefined {
    if (!this.engine) return undefined;
    const { due, later } = partitionDue(this.pending, boundaryMs);
    this.pending = later;
    try {
      const estimates = this.engine.step(boundaryMs, due);
      const kpis = computeKpis(estimates, { intervalS: this.options.periodMs / 1000 });
      const update: EstimationUpdate = { estimates, kpis };
      this.latest = { update, links: new Map(estimates.links.map((l) => [l.linkId, l])) };
      this.store.write(toRecords(update));
      this.updates.next(update);
      return update;
    } catch (error) {
      // a bug in one step must not stop the next ones; the step's samples are lost and the log says so
      log.error({ err: error, boundaryMs, samples: due.length }, 'estimation step failed');
      return undefined;
    }
  }

  knowsLink(linkId: string): boolean {
    return this.linkIds.has(linkId);
  }

  latestUpdate(): EstimationUpdate | undefined {
    return this.latest?.update;
  }

  latestLink(linkId: string): { ts: number; estimate: LinkEstimate } | undefined {
    const estimate = this.latest?.links.get(linkId);
    return estimate && this.latest ? { ts: this.latest.update.estimates.tsMs, estimate } : undefined;
  }

  /** The rolling diagnosis of the last step, with its time. */
  rollingQuality(detectorId: string): { ts: number; diagnosis: DetectorDiagnosis } | undefined {
    const diagnosis = this.engine?.rollingDiagnosis(detectorId);
    return diagnosis && this.latest ? { ts: this.latest.update.estimates.tsMs, diagnosis } : undefined;
  }

  /** The daily report of the local day holding `nowMs`, as known now. */
  dailyQuality(detectorId: string, nowMs: number): { day: string; diagnosis: DetectorDiagnosis } | undefined {
    if (!this.engine) return undefined;
    const day = this.engine.dayOf(nowMs);
    const report = this.engine.dailyQuality(day, nowMs).find((r) => r.detectorId === detectorId);
    return report ? { day, diagnosis: report.diagnosis } : undefined;
  }
}

/** Splits the pending samples at a step in one pass, each part in arrival order. */
function partitionDue(pending: readonly DetectorSample[], boundaryMs: number): { due: DetectorSample[]; later: DetectorSample[] } {
  const due: DetectorSample[] = [];
  const later: DetectorSample[] = [];
  for (const s of pending) (s.ts <= boundaryMs ? due : later).push(s);
  return { due, later };
}

function toRecords({ estimates, kpis }: EstimationUpdate): TimeSeriesRecord[] {
  const ts = estimates.tsMs;
  return [
    ...estimates.links.map((estimate): TimeSeriesRecord => ({ kind: 'link-estimate', ts, estimate })),
    ...estimates.detectors.map(
      (d): TimeSeriesRecord => ({
        kind: 'detector-quality',
        ts,
        detectorId: d.detectorId,
        quality: { status: d.quality.status, score: d.quality.score, completeness: d.quality.completeness, faults: d.quality.faults, warnings: d.quality.warnings, usedMeasurement: d.quality.usedMeasurement },
      }),
    ),
    ...kpis.map((kpi): TimeSeriesRecord => ({ kind: 'kpi', kpi })),
  ];
}
