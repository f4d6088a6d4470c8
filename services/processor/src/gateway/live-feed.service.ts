/** Fans live state out to browser sessions: snapshot on connect, coalesced deltas, periodic counters. */
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ALERT_FEED, type AlertFeed } from '../alerts/alert-feed';
import { CLOCK, type Clock } from '../clock/clock';
import { CONTROL_FEED, type ControlFeed } from '../control/control-feed';
import { EstimationService, type EstimationUpdate } from '../estimation/estimation.service';
import { LinkLiveTracker } from '../estimation/link-live.tracker';
import { IngestCountersService } from '../ingest/ingest-counters';
import { LiveStateService } from '../state/live-state.service';
import { LinkPredictionLiveTracker } from '../prediction/link-prediction-live.tracker';
import type { NetworkPrediction } from '../prediction/network.predictor';
import { PredictionService } from '../prediction/prediction.service';
import { ChangeCoalescer } from './change-coalescer';
import { ClientSession, type SocketLike } from './client-session';
import type { DetectorLive, IntersectionLive, ServerMessage } from '@arterial/contracts/live/v1';
import type { ControlAuditEvent } from '@arterial/contracts/api/v1';

export interface LiveFeedOptions {
  /** At most one update per entity per this interval (4 per second by default). */
  minIntervalMs: number;
  /** How often pending updates are pushed to sockets. */
  tickMs: number;
  counterEveryMs: number;
  highWaterBytes: number;
}

export const LIVE_FEED_OPTIONS = Symbol('LIVE_FEED_OPTIONS');
export const DEFAULT_LIVE_FEED_OPTIONS: LiveFeedOptions = { minIntervalMs: 250, tickMs: 50, counterEveryMs: 1000, highWaterBytes: 1024 * 1024 };

@Injectable()
export class LiveFeedService implements OnModuleInit, OnModuleDestroy {
  private readonly sessions = new Set<ClientSession>();
  private readonly detectorChanges: ChangeCoalescer<DetectorLive>;
  private readonly intersectionChanges: ChangeCoalescer<IntersectionLive>;
  private subscription: Subscription | undefined;
  private alertSubscription: Subscription | undefined;
  private estimationSubscription: Subscription | undefined;
  private predictionSubscription: Subscription | undefined;
  private controlSubscriptions: Subscription[] = [];
  /** Control events since the last tick: the engine plans many junctions at once, so they go out as one message per tick. */
  private pendingControl: ControlAuditEvent[] = [];
  private readonly predictedLinks = new LinkPredictionLiveTracker();
  private readonly links = new LinkLiveTracker();
  private timer: NodeJS.Timeout | undefined;
  private lastCountersAt = 0;

  constructor(
    private readonly state: LiveStateService,
    private readonly counters: IngestCountersService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LIVE_FEED_OPTIONS) private readonly options: LiveFeedOptions,
    @Optional() @Inject(ALERT_FEED) private readonly alerts: AlertFeed | null = null,
    // explicit token: a `T | null` parameter type is emitted as Object, which Nest cannot resolve
    @Optional() @Inject(EstimationService) private readonly estimation: EstimationService | null = null,
    @Optional() @Inject(PredictionService) private readonly prediction: PredictionService | null = null,
    @Optional() @Inject(CONTROL_FEED) private readonly control: ControlFeed | null = null,
  ) {
    this.detectorChanges = new ChangeCoalescer(options.minIntervalMs);
    this.intersectionChanges = new ChangeCoalescer(options.minIntervalMs);
  }

  onModuleInit(): void {
    this.subscription = this.state.changes$.subscribe((change) => {
      if (change.entity === 'detector') this.detectorChanges.offer(change.value.id, change.value);
      else this.intersectionChanges.offer(change.value.id, change.value);
    });
    // Alerts are few (de-duplicated and rate-limited where raised) and each one matters: sent at once, never coalesced.
    this.alertSubscription = this.alerts?.changes$.subscribe((alerts) => {
      const message: ServerMessage = { type: 'alerts', serverTime: this.clock.now(), alerts };
      for (const session of this.sessions) session.send(message);
    });
    // Once a minute and bounded by the number of links: sent at once, like alerts, rather than coalesced per entity.
    this.estimationSubscription = this.estimation?.updates$.subscribe((update) => this.sendEstimates(update));
    this.predictionSubscription = this.prediction?.updates$.subscribe((prediction) => this.sendPredictions(prediction));
    if (this.control) {
      this.controlSubscriptions = [
        this.control.events$.subscribe((event) => this.pendingControl.push(event)),
        // Overrides are few and each one matters: sent at once, like alerts.
        this.control.overrideChanges$.subscribe((overrides) => {
          const message: ServerMessage = { type: 'overrides', serverTime: this.clock.now(), overrides };
          for (const session of this.sessions) session.send(message);
        }),
      ];
    }
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  /** Registers a socket and sends it the full snapshot first. */
  attach(socket: SocketLike): ClientSession {
    const session = new ClientSession(socket, this.options.highWaterBytes);
    session.send({
      type: 'snapshot',
      serverTime: this.clock.now(),
      detectors: this.state.allDetectors(),
      intersections: this.state.allIntersections(),
      counters: this.counters.snapshot(),
      ...(this.alerts ? { alerts: this.alerts.openAlerts() } : {}),
      ...(this.control ? { overrides: this.control.activeOverrides() } : {}),
    });
    const latest = this.estimation?.latestUpdate();
    if (latest) {
      session.send({ type: 'estimates', serverTime: this.clock.now(), ts: latest.estimates.tsMs, links: this.links.all() });
      session.send({ type: 'kpis', serverTime: this.clock.now(), ts: latest.estimates.tsMs, kpis: [...latest.kpis] });
    }
    const predicted = this.prediction?.latestPrediction();
    if (predicted) session.send({ type: 'predictions', serverTime: this.clock.now(), ts: predicted.issuedAt, links: this.predictedLinks.all() });
    this.sessions.add(session);
    return session;
  }

  detach(session: ClientSession): void {
    this.sessions.delete(session);
  }

  clientCount(): number {
    return this.sessions.size;
  }

  /** One gateway step: drain coalesced changes into every session and flush those with room. */
  tick(): void {
    const now = this.clock.now();
    const detectors = this.detectorChanges.drain(now);
    const intersections = this.intersectionChanges.drain(now);
    const sendCounters = now - this.lastCountersAt >= this.options.counterEveryMs;
    if (sendCounters) this.lastCountersAt = now;
    const events = this.pendingControl;
    this.pendingControl = [];
    for (const session of this.sessions) {
      if (events.length > 0) session.send({ type: 'control', serverTime: now, events });
      if (detectors.size > 0 || intersections.size > 0) session.enqueue(detectors.values(), intersections.values());
      session.flush(now);
      if (sendCounters && session.socket.bufferedAmount <= this.options.highWaterBytes) {
        session.send({ type: 'counters', serverTime: now, counters: this.counters.snapshot() });
      }
    }
  }

  /** Links whose level, TTI or speed changed in this step, and the step's KPIs. */
  private sendEstimates({ estimates, kpis }: EstimationUpdate): void {
    const serverTime = this.clock.now();
    const changed = this.links.update(estimates.links);
    for (const session of this.sessions) {
      if (changed.length > 0) session.send({ type: 'estimates', serverTime, ts: estimates.tsMs, links: changed });
      session.send({ type: 'kpis', serverTime, ts: estimates.tsMs, kpis: [...kpis] });
    }
  }

  /** Links whose predicted level or confidence changed in this step; like estimates, sent at once. */
  private sendPredictions(prediction: NetworkPrediction): void {
    const changed = this.predictedLinks.update(prediction.links);
    if (changed.length === 0) return;
    const serverTime = this.clock.now();
    for (const session of this.sessions) session.send({ type: 'predictions', serverTime, ts: prediction.issuedAt, links: changed });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.estimationSubscription?.unsubscribe();
    this.predictionSubscription?.unsubscribe();
    this.alertSubscription?.unsubscribe();
    for (const s of this.controlSubscriptions) s.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.sessions.clear();
  }
}
