import { Module } from '@nestjs/common';
import { map } from 'rxjs';
import { AlertsModule } from '../../alerts/alerts.module';
import { EstimationModule } from '../../estimation/estimation.module';
import { EstimationService } from '../../estimation/estimation.service';
import { NetworkModule } from '../../network/network.module';
import { NetworkService } from '../../network/network.service';
import { ControlModule } from '../control.module';
import { PlanDispatcherService } from '../plan-dispatcher.service';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../../config/processor-config';
import { CONTROL_OPTIONS } from './control-options';
import { ENGINE_ESTIMATES, ENGINE_NETWORK_MODEL, ENGINE_PLAN_SINK, PlanEngineService } from './plan-engine.service';

/**
 * The adaptive plan engine. Needs CLOCK and PROCESSOR_CONFIG from the global modules; its options are the
 * processor config's `control` (CONTROL_STRATEGY, default off).
 */
@Module({
  imports: [ControlModule, EstimationModule, NetworkModule, AlertsModule],
  providers: [
    PlanEngineService,
    { provide: CONTROL_OPTIONS, useFactory: (config: ProcessorConfig) => config.control, inject: [PROCESSOR_CONFIG] },
    { provide: ENGINE_NETWORK_MODEL, useFactory: (network: NetworkService) => network.model, inject: [NetworkService] },
    { provide: ENGINE_ESTIMATES, useFactory: (estimation: EstimationService) => estimation.updates$.pipe(map((u) => u.estimates)), inject: [EstimationService] },
    { provide: ENGINE_PLAN_SINK, useExisting: PlanDispatcherService },
  ],
  exports: [PlanEngineService],
})
export class EngineModule {}
