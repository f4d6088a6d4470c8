import { Global, Module } from '@nestjs/common';
import { ControlModule } from '../control/control.module';
import { GatewayModule } from '../gateway/gateway.module';
import { IngestModule } from '../ingest/ingest.module';
import { EventLoopWatch } from './event-loop-watch';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics at `/metrics` and the event-loop watch behind the liveness probe. Global so the health
 * controller can inject the watch. Needs BROKER_CONNECTION and TIME_SERIES_STORE from global modules.
 */
@Global()
@Module({
  imports: [IngestModule, ControlModule, GatewayModule],
  providers: [MetricsService, EventLoopWatch],
  controllers: [MetricsController],
  exports: [MetricsService, EventLoopWatch],
})
export class MetricsModule {}
