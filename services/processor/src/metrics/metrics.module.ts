import { Global, Module } from '@nestjs/common';
import { BackpressureModule } from '../backpressure/backpressure.module';
import { ControlModule } from '../control/control.module';
import { GatewayModule } from '../gateway/gateway.module';
import { IngestModule } from '../ingest/ingest.module';
import { EventLoopWatch } from './event-loop-watch';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics at `/metrics`, the event-loop watch behind the liveness probe and back-pressure on device
 * input. Global so the health controller can inject the watch and the back-pressure state. Needs BROKER_CONNECTION and TIME_SERIES_STORE from global modules.
 */
@Global()
@Module({
  imports: [IngestModule, ControlModule, GatewayModule, BackpressureModule],
  providers: [MetricsService, EventLoopWatch],
  controllers: [MetricsController],
  exports: [MetricsService, EventLoopWatch, BackpressureModule],
})
export class MetricsModule {}
