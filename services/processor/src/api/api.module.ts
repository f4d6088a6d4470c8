import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';
import { ControlModule } from '../control/control.module';
import { GatewayModule } from '../gateway/gateway.module';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { StateModule } from '../state/state.module';
import { DeadLettersController } from './dead-letters.controller';
import { DetectorsController } from './detectors.controller';
import { HealthController } from './health.controller';
import { IntersectionsController } from './intersections.controller';
import { NetworkController } from './network.controller';
import { PlansController } from './plans.controller';

@Module({
  imports: [BrokerModule, ControlModule, IngestModule, GatewayModule, NetworkModule, StateModule],
  controllers: [HealthController, NetworkController, DetectorsController, IntersectionsController, PlansController, DeadLettersController],
})
export class ApiModule {}
