/** Owns the processor's metrics registry: wires the sources to the capabilities and renders the exposition. */
import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { JUNCTION_OWNERSHIP, type JunctionOwnership } from '../cluster/junction-ownership';
import { PlanDispatcherService } from '../control/plan-dispatcher.service';
import { WalCheckpointService } from '../durability/wal-checkpoint.service';
import { LiveFeedService } from '../gateway/live-feed.service';
import { ACCEPTED_MESSAGES, type AcceptedMessages } from '../ingest/accepted-messages';
import { IngestCountersService } from '../ingest/ingest-counters';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';
import { BackpressureService } from '../backpressure/backpressure.service';
import { registerArterialMetrics } from './arterial-metrics';
import { processMetricsRegistry } from './process-metrics';

function tally(tallies: Map<string, number>, key: string): void {
  tallies.set(key, (tallies.get(key) ?? 0) + 1);
}

@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  /** Per app instance: tests start several processors in one process, each with its own figures. */
  private readonly registry = new Registry();
  private readonly acceptedByKind = new Map<string, number>();
  private readonly planTransitions = new Map<string, number>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly counters: IngestCountersService,
    @Inject(ACCEPTED_MESSAGES) private readonly accepted$: AcceptedMessages,
    private readonly dispatcher: PlanDispatcherService,
    private readonly feed: LiveFeedService,
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly backpressure: BackpressureService,
    private readonly walCheckpoints: WalCheckpointService,
    @Optional() @Inject(JUNCTION_OWNERSHIP) private readonly ownership: JunctionOwnership | null = null,
  ) {}

  onModuleInit(): void {
    registerArterialMetrics(this.registry, {
      ingest: () => this.counters,
      acceptedByKind: () => this.acceptedByKind,
      planTransitions: () => this.planTransitions,
      store: () => this.store.health(),
      broker: () => this.broker.health(),
      wsClients: () => this.feed.clientCount(),
      backpressure: () => this.backpressure.report(),
      wal: () => this.walCheckpoints.stats(),
      cluster: () => this.ownership?.status(),
    });
    this.subscriptions.push(
      this.accepted$.subscribe((message) => tally(this.acceptedByKind, message.kind)),
      this.dispatcher.changes$.subscribe((plan) => tally(this.planTransitions, plan.status)),
    );
  }

  /** Content type of the text exposition format (version 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The process metrics and this processor's, in Prometheus' text format. */
  async exposition(): Promise<string> {
    return Registry.merge([processMetricsRegistry(), this.registry]).metrics();
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
    this.registry.clear();
  }
}
