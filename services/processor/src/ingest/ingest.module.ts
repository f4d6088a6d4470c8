import { Module } from '@nestjs/common';
import { StateModule } from '../state/state.module';
import { ACCEPTED_MESSAGES } from './accepted-messages';
import { IngestCountersService } from './ingest-counters';
import { IngestService } from './ingest.service';

/** Needs BROKER_CONNECTION, TIME_SERIES_STORE and CLOCK from global modules. */
@Module({
  imports: [StateModule],
  providers: [IngestService, IngestCountersService, { provide: ACCEPTED_MESSAGES, useFactory: (ingest: IngestService) => ingest.accepted$, inject: [IngestService] }],
  exports: [IngestService, IngestCountersService, ACCEPTED_MESSAGES],
})
export class IngestModule {}
