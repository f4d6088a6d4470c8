import { Module } from '@nestjs/common';
import { BackpressureService } from './backpressure.service';

/** Back-pressure on device input. Needs BROKER_CONNECTION, TIME_SERIES_STORE, CLOCK and PROCESSOR_CONFIG from global modules. */
@Module({
  providers: [BackpressureService],
  exports: [BackpressureService],
})
export class BackpressureModule {}
