import { Controller, Get, Inject, Optional, Res } from '@nestjs/common';
import type { HealthReport, LivenessReport, ReadinessReport } from '@arterial/contracts/api/v1';
import { detectorsOf } from '@arterial/contracts/network';
import { BackpressureService } from '../backpressure/backpressure.service';
import { OperatorAuthService } from '../auth/operators/operator-auth.service';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { JUNCTION_OWNERSHIP, type JunctionOwnership } from '../cluster/junction-ownership';
import { IngestCountersService } from '../ingest/ingest-counters';
import { IngestService } from '../ingest/ingest.service';
import { LiveFeedService } from '../gateway/live-feed.service';
import { EventLoopWatch } from '../metrics/event-loop-watch';
import { assessReadiness } from '../metrics/readiness';
import { NetworkService } from '../network/network.service';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    private readonly ingest: IngestService,
    private readonly counters: IngestCountersService,
    private readonly feed: LiveFeedService,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
    private readonly network: NetworkService,
    private readonly eventLoop: EventLoopWatch,
    private readonly operatorAuth: OperatorAuthService,
    private readonly backpressure: BackpressureService,
    @Optional() @Inject(JUNCTION_OWNERSHIP) private readonly ownership: JunctionOwnership | null = null,
  ) {}

  /** Liveness: answering at all proves the loop turns; 503 when it was blocked past the limit recently. */
  @Get('live')
  live(@Res({ passthrough: true }) res: { status(code: number): unknown }): LivenessReport {
    const loop = this.eventLoop.reading();
    if (loop.stalled) res.status(503);
    return { status: loop.stalled ? 'stalled' : 'alive', uptimeS: process.uptime(), eventLoopDelayMaxMs: loop.maxDelayMs, eventLoopDelayLimitMs: loop.limitMs };
  }

  /** Readiness: broker up, storage reachable or spooling within limits, network loaded, pipeline running. */
  @Get('ready')
  ready(@Res({ passthrough: true }) res: { status(code: number): unknown }): ReadinessReport {
    const report = assessReadiness({
      broker: this.broker.health(),
      storage: this.store.health(),
      network: { intersections: this.network.intersectionIds().length, detectors: detectorsOf(this.network.model).length },
      pipelineRunning: this.ingest.running(),
      backpressure: this.backpressure.report(),
    });
    if (!report.ready) res.status(503);
    return report;
  }

  /** ok: broker session up and pipeline running (storage outages degrade, since the spool keeps data safe). */
  /** 503 when down, so load balancers and orchestrators can act on the status code alone. */
  @Get()
  health(@Res({ passthrough: true }) res: { status(code: number): unknown }): HealthReport {
    const broker = this.broker.health();
    const storage = this.store.health();
    const pipelineRunning = this.ingest.running();
    const backpressure = this.backpressure.report();
    // Paused input (back-pressure) degrades like a storage outage: data waits or QoS 0 is shed, nothing acked is lost.
    const degraded = !storage.reachable || backpressure.state === 'paused';
    const status: HealthReport['status'] = !broker.connected || !pipelineRunning ? 'down' : degraded ? 'degraded' : 'ok';
    if (status === 'down') res.status(503);
    return {
      status,
      broker,
      mqttAuth: broker.embedded?.auth ?? (broker.mode === 'external' ? 'external' : broker.mode === 'in-memory' ? 'in-process' : 'registry'),
      apiAuth: this.operatorAuth.mode(),
      ...(this.ownership ? { cluster: this.ownership.status() } : {}),
      storage,
      backpressure,
      pipeline: { running: pipelineRunning, lastMessageAt: this.ingest.lastActivity() || null, liveClients: this.feed.clientCount() },
      counters: {
        'ingest.accepted': this.counters.accepted,
        'ingest.rejected': this.counters.rejected,
        'ingest.duplicates': this.counters.duplicates,
        'ingest.errors': this.counters.errors,
        'ingest.rejectedByReason': this.counters.rejectedByReason,
      },
    };
  }
}
