/**
 * Storage capability: provides TIME_SERIES_STORE (InfluxDB, built from PROCESSOR_CONFIG) and HistoryQueryService.
 * Needs PROCESSOR_CONFIG (and optionally CLOCK) from a global module. `StorageModule.withStore(store)` swaps in
 * another store (in-memory for tests and replay) with the same lifecycle.
 */
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { HistoryQueryService } from './history-query.service';
import { InfluxTimeSeriesStore } from './influx-time-series-store';
import { TIME_SERIES_STORE, type TimeSeriesStore } from './time-series-store';

/**
 * Starts the store with the application and flushes and closes it at shutdown. init() does not wait for the
 * database: it makes one attempt and keeps retrying in the background, so the processor starts (and spools)
 * while InfluxDB is down.
 */
@Injectable()
export class StorageLifecycle implements OnModuleInit, OnApplicationShutdown {
  private closed = false;

  constructor(@Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore) {}

  async onModuleInit(): Promise<void> {
    await this.store.init();
  }

  /** After every module's onModuleDestroy, so producers (ingest) have stopped: flush, then close. */
  async onApplicationShutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // close() writes what it can within its timeout and spools the rest for the next start.
    await this.store.close();
  }
}

const influxStoreProvider: Provider = {
  provide: TIME_SERIES_STORE,
  useFactory: (config: ProcessorConfig, clock: Clock | undefined) => InfluxTimeSeriesStore.fromConfig(config, clock ?? systemClock),
  inject: [PROCESSOR_CONFIG, { token: CLOCK, optional: true }],
};

@Module({
  providers: [influxStoreProvider, StorageLifecycle, HistoryQueryService],
  exports: [TIME_SERIES_STORE, HistoryQueryService],
})
export class StorageModule {
  /** The same module around a given store (e.g. InMemoryTimeSeriesStore for tests and replay). */
  static withStore(store: TimeSeriesStore, global = false): DynamicModule {
    return {
      // A module of its own, so the InfluxDB factory above is not registered beside the given store.
      module: StorageWithStoreModule,
      global,
      providers: [{ provide: TIME_SERIES_STORE, useValue: store }, StorageLifecycle, HistoryQueryService],
      exports: [TIME_SERIES_STORE, HistoryQueryService],
    };
  }
}

@Module({})
export class StorageWithStoreModule {}
