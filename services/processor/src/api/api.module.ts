import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OperatorsModule } from '../auth/operators/operators.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { SecurityAuditController } from './security-audit.controller';
import { UsersController } from './users.controller';
import { AlertsModule } from '../alerts/alerts.module';
import { ControlModule } from '../control/control.module';
import { EstimationModule } from '../estimation/estimation.module';
import { GatewayModule } from '../gateway/gateway.module';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { StateModule } from '../state/state.module';
import { AlertsController } from './alerts.controller';
import { ApiDocsController } from './api-docs.controller';
import { DeadLettersController } from './dead-letters.controller';
import { DetectorQualityController } from './detector-quality.controller';
import { DetectorsController } from './detectors.controller';
import { HealthController } from './health.controller';
import { IntersectionsController } from './intersections.controller';
import { KpisController } from './kpis.controller';
import { LinksController } from './links.controller';
import { EstimatesController } from './estimates.controller';
import { NetworkController } from './network.controller';
import { PlansController } from './plans.controller';
import { OverridesController } from './overrides.controller';
import { AuditController } from './audit.controller';
import { PredictionsController } from './predictions.controller';
import { QualityHistoryController } from './quality-history.controller';
import { ReplayHistoryController } from './replay-history.controller';
import { PredictionModule } from '../prediction/prediction.module';

@Module({
  // The broker connection comes from the global BrokerModule the app root picks (configured or given).
  imports: [ControlModule, IngestModule, GatewayModule, NetworkModule, StateModule, AlertsModule, EstimationModule, PredictionModule, OperatorsModule],
  controllers: [ApiDocsController, HealthController, NetworkController, DetectorsController, IntersectionsController, PlansController, DeadLettersController, AlertsController, KpisController, LinksController, EstimatesController, DetectorQualityController, QualityHistoryController, ReplayHistoryController, PredictionsController, OverridesController, AuditController, AuthController, UsersController, SecurityAuditController],
  // Every route, /metrics and future controllers included, passes the access guard (public ones by the route table).
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }],
})
export class ApiModule {}
