/**
 * `@arterial/processor`: the public entry for tests and tools. Everything else in this package is internal;
 * `main.ts` is the process entry (`npm start`).
 */
export { startProcessor, type RunningProcessor, type StartOptions } from './bootstrap';
export { CONFIG_ENV_VARS, loadConfig, type ProcessorConfig } from './config/processor-config';
export { LiveStateService } from './state/live-state.service';
export { InfluxTimeSeriesStore } from './storage/influx-time-series-store';
export type { StoreHealth, TimeSeriesRecord, TimeSeriesStore } from './storage/time-series-store';
export { measurement, suiteBaseTime, timeSeriesStoreSuite, type StoreFixture } from './storage/time-series-store.suite';
