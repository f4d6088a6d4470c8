import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { PlanDispatcherService } from './plan-dispatcher.service';

@Module({ imports: [BrokerModule, IngestModule, NetworkModule], providers: [PlanDispatcherService], exports: [PlanDispatcherService] })
export class ControlModule {}
