import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { NetworkService } from '../network/network.service';
import { JUNCTIONS } from './junctions';
import { PlanDispatcherService } from './plan-dispatcher.service';

/** Needs BROKER_CONNECTION and CLOCK from global modules. */
@Module({
  imports: [IngestModule, NetworkModule],
  providers: [PlanDispatcherService, { provide: JUNCTIONS, useExisting: NetworkService }],
  exports: [PlanDispatcherService],
})
export class ControlModule {}
