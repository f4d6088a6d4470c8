import { Module } from '@nestjs/common';
import { StateModule } from '../state/state.module';
import { IngestCountersService } from './ingest-counters';
import { IngestService } from './ingest.service';

@Module({ imports: [StateModule], providers: [IngestService, IngestCountersService], exports: [IngestService, IngestCountersService] })
export class IngestModule {}
