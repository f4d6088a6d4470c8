import { Module } from '@nestjs/common';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { DEFAULT_ESTIMATION_OPTIONS, ESTIMATION_OPTIONS, EstimationService } from './estimation.service';

/** Needs TIME_SERIES_STORE, CLOCK and PROCESSOR_CONFIG from global modules. */
@Module({
  imports: [IngestModule, NetworkModule],
  providers: [EstimationService, {
      provide: ESTIMATION_OPTIONS,
      useFactory: (config: ProcessorConfig) => ({ ...DEFAULT_ESTIMATION_OPTIONS, periodMs: config.estimationPeriodMs ?? DEFAULT_ESTIMATION_OPTIONS.periodMs }),
      inject: [PROCESSOR_CONFIG],
    },],
  exports: [EstimationService],
})
export class EstimationModule {}
