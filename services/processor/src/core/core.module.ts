/** Process-wide providers every capability may inject: configuration and the clock. */
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: ProcessorConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: PROCESSOR_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [PROCESSOR_CONFIG, CLOCK],
    };
  }
}
