import { Module, type DynamicModule } from '@nestjs/common';
import { ApiModule } from './api/api.module';
import type { BrokerConnection } from './broker/broker-connection';
import { BrokerModule } from './broker/broker.module';
import type { Clock } from './clock/clock';
import type { ProcessorConfig } from './config/processor-config';
import { CoreModule } from './core/core.module';
import { StorageModule } from './storage/storage.module';

export interface AppModuleOptions {
  clock?: Clock;
  /** A broker connection to use instead of the configured one (in-memory for tests and replay). */
  broker?: BrokerConnection;
}

@Module({})
export class AppModule {
  static forRoot(config: ProcessorConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      // Storage and broker are global: ingest, control, API and (later) replay share the one store and the one connection.
      imports: [
        CoreModule.forRoot(config, options.clock),
        { module: StorageModule, global: true },
        options.broker ? BrokerModule.withConnection(options.broker) : BrokerModule.forRoot(),
        ApiModule,
      ],
    };
  }
}
