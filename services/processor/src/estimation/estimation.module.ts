import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { DEFAULT_ESTIMATION_OPTIONS, ESTIMATION_OPTIONS, EstimationService } from './estimation.service';

/** Needs TIME_SERIES_STORE and CLOCK from global modules. */
@Module({
  imports: [IngestModule, NetworkModule],
  providers: [EstimationService, { provide: ESTIMATION_OPTIONS, useValue: DEFAULT_ESTIMATION_OPTIONS }],
  exports: [EstimationService],
})
export class EstimationModule {}
