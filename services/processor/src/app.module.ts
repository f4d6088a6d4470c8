import { Module, type DynamicModule } from '@nestjs/common';
import { ApiModule } from './api/api.module';
import type { Clock } from './clock/clock';
import type { ProcessorConfig } from './config/processor-config';
import { CoreModule } from './core/core.module';
import { StorageModule } from './storage/storage.module';

@Module({})
export class AppModule {
  static forRoot(config: ProcessorConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      // Storage is global: ingest, API and (later) replay all depend on the one store instance.
      imports: [CoreModule.forRoot(config, clock), { module: StorageModule, global: true }, ApiModule],
    };
  }
}
