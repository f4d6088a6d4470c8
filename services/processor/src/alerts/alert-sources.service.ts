/**
 * Wires the alert sources to their inputs: accepted device messages (controllers offline, plans rejected, detector
 * faults, completeness), a timer for silences, and, when estimation and prediction provide LINK_CONGESTION_FEED,
 * link congestion levels and forecasts, and (DETECTOR_DIAGNOSIS_FEED) the quality diagnosis of each estimation step.
 */
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Observable, Subscription } from 'rxjs';
import { CLOCK, type Clock } from '../clock/clock';
import { ACCEPTED_MESSAGES, type AcceptedMessages } from '../ingest/accepted-messages';
import type { AlertSink, PlaceNames } from './alert-condition';
import { ALERT_SINK } from './alert-feed';
import { ALERTS_OPTIONS, type AlertsOptions } from './alerts.options';
import { CompletenessSource } from './completeness.source';
import { CongestionSource, type LinkCongestionUpdate } from './congestion.source';
import { ControllerOfflineSource } from './controller-offline.source';
import { DetectorFaultSource } from './detector-fault.source';
import { PlanRejectedSource } from './plan-rejected.source';

/** Link congestion levels (estimation) and forecasts (prediction), when those capabilities provide them. */
export const LINK_CONGESTION_FEED = Symbol('LINK_CONGESTION_FEED');
export const PLACE_NAMES = Symbol('PLACE_NAMES');
/** Each estimation step's quality diagnosis per detector, when estimation provides it. */
export const DETECTOR_DIAGNOSIS_FEED = Symbol('DETECTOR_DIAGNOSIS_FEED');

export interface DetectorDiagnosisUpdate {
  detectors: ReadonlyArray<{ detectorId: string; faults: readonly string[] }>;
}

@Injectable()
export class AlertSourcesService implements OnModuleInit, OnModuleDestroy {
  private readonly controllers: ControllerOfflineSource;
  private readonly plans: PlanRejectedSource;
  private readonly detectorFaults: DetectorFaultSource;
  private readonly completeness: CompletenessSource;
  private readonly congestion: CongestionSource;
  private readonly subscriptions: Subscription[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(ALERT_SINK) sink: AlertSink,
    @Inject(ACCEPTED_MESSAGES) private readonly accepted$: AcceptedMessages,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ALERTS_OPTIONS) private readonly options: AlertsOptions,
    @Inject(PLACE_NAMES) names: PlaceNames,
    @Optional() @Inject(LINK_CONGESTION_FEED) private readonly congestion$: Observable<LinkCongestionUpdate> | null,
    @Optional() @Inject(DETECTOR_DIAGNOSIS_FEED) private readonly diagnosis$: Observable<DetectorDiagnosisUpdate> | null = null,
  ) {
    this.controllers = new ControllerOfflineSource(sink, { silentMs: options.controllerSilentMs }, names);
    this.plans = new PlanRejectedSource(sink, names);
    this.detectorFaults = new DetectorFaultSource(
      sink,
      {
        failedIntervals: options.detectorFailedIntervals,
        degradedIntervals: options.detectorDegradedIntervals,
        diagnosisFaultCodes: options.diagnosisFaultCodes,
        diagnosisSteps: options.diagnosisSteps,
      },
      names,
    );
    this.completeness = new CompletenessSource(sink, { missedIntervals: options.completenessMissedIntervals }, names);
    this.congestion = new CongestionSource(
      sink,
      {
        congestedLevel: options.congestedLevel,
        minConfidence: options.predictedMinConfidence,
        raiseSteps: options.congestionRaiseSteps,
        clearSteps: options.congestionClearSteps,
        predictedRaiseSteps: options.predictedRaiseSteps,
        predictedClearSteps: options.predictedClearSteps,
      },
      names,
    );
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.accepted$.subscribe((message) => {
        const now = this.clock.now();
        this.controllers.observe(message, now);
        this.plans.observe(message);
        this.detectorFaults.observe(message);
        this.completeness.observe(message, now);
      }),
    );
    if (this.congestion$) this.subscriptions.push(this.congestion$.subscribe((update) => this.congestion.apply(update)));
    // The diagnosis raises nothing unless codes are configured: skip the per-step walk over every detector then.
    if (this.diagnosis$ && this.options.diagnosisFaultCodes.length > 0) {
      this.subscriptions.push(this.diagnosis$.subscribe((update) => update.detectors.forEach(({ detectorId, faults }) => this.detectorDiagnosed(detectorId, faults))));
    }
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions.length = 0;
    if (this.timer) clearInterval(this.timer);
  }

  /** Checks silences; the timer calls it. */
  tick(): void {
    const now = this.clock.now();
    this.controllers.tick(now);
    this.completeness.tick(now);
  }

  /** Fault codes of the quality diagnosis, for the estimation wiring (empty ends the condition). */
  detectorDiagnosed(detectorId: string, faultCodes: readonly string[]): void {
    this.detectorFaults.diagnosed(detectorId, faultCodes);
  }
}
