import { Module } from '@nestjs/common';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { IngestModule } from '../ingest/ingest.module';
import { NetworkModule } from '../network/network.module';
import { NetworkService } from '../network/network.service';
import { ControlAuditService } from './control-audit.service';
import { CONTROL_AUTHORITY } from './control-authority';
import { CONTROL_FEED, type ControlFeed } from './control-feed';
import { JUNCTIONS } from './junctions';
import { ControllerCommandsService } from './overrides/controller-commands.service';
import { OverrideService } from './overrides/override.service';
import { DEFAULT_PLAN_DELIVERY_OPTIONS, PLAN_DELIVERY_OPTIONS } from './plan-delivery';
import { PlanDispatcherService } from './plan-dispatcher.service';

/** Needs BROKER_CONNECTION, TIME_SERIES_STORE, PROCESSOR_CONFIG and CLOCK from global modules. */
@Module({
  imports: [IngestModule, NetworkModule],
  providers: [
    PlanDispatcherService,
    ControlAuditService,
    ControllerCommandsService,
    OverrideService,
    { provide: JUNCTIONS, useExisting: NetworkService },
    { provide: PLAN_DELIVERY_OPTIONS, useFactory: (config: ProcessorConfig) => ({ ...DEFAULT_PLAN_DELIVERY_OPTIONS, ...config.planDelivery }), inject: [PROCESSOR_CONFIG] },
    // Operator overrides decide whether the engine may plan a junction.
    { provide: CONTROL_AUTHORITY, useExisting: OverrideService },
    {
      provide: CONTROL_FEED,
      useFactory: (audit: ControlAuditService, overrides: OverrideService): ControlFeed => ({
        events$: audit.events$,
        overrideChanges$: overrides.changes$,
        activeOverrides: () => overrides.active(),
      }),
      inject: [ControlAuditService, OverrideService],
    },
  ],
  exports: [PlanDispatcherService, OverrideService, ControlAuditService, CONTROL_AUTHORITY, CONTROL_FEED],
})
export class ControlModule {}
