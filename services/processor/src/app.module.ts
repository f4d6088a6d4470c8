import { Module, type DynamicModule } from '@nestjs/common';
import { ApiModule } from './api/api.module';
import type { BrokerConnection } from './broker/broker-connection';
import { BrokerModule } from './broker/broker.module';
import { ClusterModule } from './cluster/cluster.module';
import type { Clock } from './clock/clock';
import type { ProcessorConfig } from './config/processor-config';
import { EngineModule } from './control/engine/engine.module';
import { CoreModule } from './core/core.module';
import { DurabilityModule } from './durability/durability.module';
import { MetricsModule } from './metrics/metrics.module';
import { StorageModule } from './storage/storage.module';
import type { TimeSeriesStore } from './storage/time-series-store';

export interface AppModuleOptions {
  clock?: Clock;
  /** A broker connection to use instead of the configured one (in-memory for tests and replay). */
  broker?: BrokerConnection;
  /** A store to use instead of the configured InfluxDB (replay's output store, in-memory in tests). */
  store?: TimeSeriesStore;
}

@Module({})
export class AppModule {
  static forRoot(config: ProcessorConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      // Storage and broker are global: ingest, control, API and (later) replay share the one store and the one connection.
      imports: [
        CoreModule.forRoot(config, options.clock),
        options.store ? StorageModule.withStore(options.store, true) : { module: StorageModule, global: true },
        options.broker ? BrokerModule.withConnection(options.broker) : BrokerModule.forRoot(),
        { module: ClusterModule, global: true },
        ApiModule,
        EngineModule,
        MetricsModule,
        DurabilityModule,
      ],
    };
  }
}
