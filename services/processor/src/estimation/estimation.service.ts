/**
 * Runs estimation, data quality and KPIs live: collects accepted detector measurements, steps the estimation engine
 * at every whole interval (one minute) of the injected clock, computes the KPIs, stores link estimates, detector
 * quality and KPIs, and keeps the latest results for REST and the live feed. A virtual clock drives it as the wall
 * clock does (ClockTicker), and `step()` is public so replay can step it directly: the same samples and boundaries give
 * the same results.
 */
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ApproachEstimate, DetectorDiagnosis, DetectorEstimate, Kpi, LinkEstimate } from '@arterial/contracts/api/v1';
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

interface LatestLookups {
  readonly detectors: ReadonlyMap<string, DetectorEstimate>;
  readonly approachesByIntersection: ReadonlyMap<string, readonly ApproachEstimate[]>;
}

@Injectable()
export class EstimationService implements OnModuleInit, OnModuleDestroy {
  private engine: IntervalEstimationEngine | undefined;
  private ticker: ClockTicker | undefined;
  private subscription: Subscription | undefined;
  private pending: DetectorSample[] = [];
  private linkIds: ReadonlySet<string> = new Set();
  private latest: { update: EstimationUpdate; links: Map<string, LinkEstimate> } | undefined;
  /** Detector and approach lookups of the latest step, built on the first request (replay never asks). */
  private latestLookups: LatestLookups | undefined;
  /** Local day of the last step's interval: when a step falls in a new day, the finished one's reports are stored. */
  private lastStepDay: string | undefined;
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
      this.latestLookups = undefined;
      this.store.write([...toRecords(update), ...this.finishedDayRecords(boundaryMs)]);
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

  latestDetector(detectorId: string): { ts: number; estimate: DetectorEstimate } | undefined {
    const estimate = this.lookups()?.detectors.get(detectorId);
    return estimate && this.latest ? { ts: this.latest.update.estimates.tsMs, estimate } : undefined;
  }

  /** The latest estimates of an intersection's approaches (those with detectors), in the step's order. */
  latestApproaches(intersectionId: string): { ts: number; approaches: readonly ApproachEstimate[] } | undefined {
    const lookups = this.lookups();
    if (!lookups || !this.latest) return undefined;
    return { ts: this.latest.update.estimates.tsMs, approaches: lookups.approachesByIntersection.get(intersectionId) ?? [] };
  }

  private lookups(): LatestLookups | undefined {
    if (!this.latest) return undefined;
    if (!this.latestLookups) {
      const { detectors, approaches } = this.latest.update.estimates;
      const byIntersection = new Map<string, ApproachEstimate[]>();
      for (const a of approaches) {
        const list = byIntersection.get(a.intersectionId);
        if (list) list.push(a);
        else byIntersection.set(a.intersectionId, [a]);
      }
      this.latestLookups = { detectors: new Map(detectors.map((d) => [d.detectorId, d])), approachesByIntersection: byIntersection };
    }
    return this.latestLookups;
  }

  /** The rolling diagnosis of the last step, with its time. */
  rollingQuality(detectorId: string): { ts: number; diagnosis: DetectorDiagnosis } | undefined {
    const diagnosis = this.engine?.rollingDiagnosis(detectorId);
    return diagnosis && this.latest ? { ts: this.latest.update.estimates.tsMs, diagnosis } : undefined;
  }

  /**
   * The daily reports of the day the last step finished, once a step's interval lies in a later local day: written once,
   * at the day's start, and what `dailyQuality` answered at the day's end with the day's last step's samples in. The step
   * at midnight still belongs to the day before (its interval ends there); the next one writes the reports.
   */
  private finishedDayRecords(boundaryMs: number): TimeSeriesRecord[] {
    if (!this.engine) return [];
    const day = this.engine.dayOf(boundaryMs - 1);
    const finished = this.lastStepDay;
    this.lastStepDay = day;
    if (finished === undefined || finished === day) return [];
    const dayStartMs = this.engine.dayStartMs(finished);
    return this.engine
      .dailyQuality(finished, boundaryMs)
      .filter(({ diagnosis }) => diagnosis.stats.expected > 0 || diagnosis.stats.received > 0)
      .map(({ detectorId, diagnosis: d }): TimeSeriesRecord => ({
        kind: 'detector-quality-daily',
        dayStartMs,
        detectorId,
        report: { day: finished, score: d.score, completeness: d.completeness, status: d.status, faults: d.faults, warnings: d.warnings },
      }));
  }

  /** Local day (`YYYY-MM-DD`) holding a time, and the epoch start of a local day, on the engine's calendar. */
  localDay(tsMs: number): string | undefined {
    return this.engine?.dayOf(tsMs);
  }

  localDayStartMs(dayKey: string): number | undefined {
    return this.engine?.dayStartMs(dayKey);
  }

  /** Every detector's report of the local day holding `nowMs` so far (today's column of the quality history). */
  dailyQualityToday(nowMs: number): { day: string; reports: { detectorId: string; diagnosis: DetectorDiagnosis }[] } | undefined {
    if (!this.engine) return undefined;
    const day = this.engine.dayOf(nowMs);
    return { day, reports: this.engine.dailyQuality(day, nowMs).map(({ detectorId, diagnosis }) => ({ detectorId, diagnosis })) };
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
