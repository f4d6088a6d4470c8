import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { HealthReport } from '@arterial/contracts/api/v1';
import { BROKER_CONNECTION, type BrokerConnection } from '../broker/broker-connection';
import { IngestCountersService } from '../ingest/ingest-counters';
import { IngestService } from '../ingest/ingest.service';
import { LiveFeedService } from '../gateway/live-feed.service';
import { TIME_SERIES_STORE, type TimeSeriesStore } from '../storage/time-series-store';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(BROKER_CONNECTION) private readonly broker: BrokerConnection,
    private readonly ingest: IngestService,
    private readonly counters: IngestCountersService,
    private readonly feed: LiveFeedService,
    @Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore,
  ) {}

  /** ok: broker session up and pipeline running (storage outages degrade, since the spool keeps data safe). */
  /** 503 when down, so load balancers and orchestrators can act on the status code alone. */
  @Get()
  health(@Res({ passthrough: true }) res: { status(code: number): unknown }): HealthReport {
    const broker = this.broker.health();
    const storage = this.store.health();
    const pipelineRunning = this.ingest.running();
    const status: HealthReport['status'] = !broker.connected || !pipelineRunning ? 'down' : storage.reachable ? 'ok' : 'degraded';
    if (status === 'down') res.status(503);
    return {
      status,
      broker,
      storage,
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
