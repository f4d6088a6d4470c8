import { Module } from '@nestjs/common';
import { WalCheckpointService } from '../durability/wal-checkpoint.service';
import { StateModule } from '../state/state.module';
import { ACCEPTED_MESSAGES } from './accepted-messages';
import { IngestCountersService } from './ingest-counters';
import { IngestService } from './ingest.service';

/** Needs BROKER_CONNECTION, TIME_SERIES_STORE and CLOCK from global modules (and INBOUND_WAL when the broker has one). */
@Module({
  imports: [StateModule],
  providers: [IngestService, IngestCountersService, WalCheckpointService, { provide: ACCEPTED_MESSAGES, useFactory: (ingest: IngestService) => ingest.accepted$, inject: [IngestService] }],
  exports: [IngestService, IngestCountersService, WalCheckpointService, ACCEPTED_MESSAGES],
})
export class IngestModule {}
