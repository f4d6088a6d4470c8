import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLOCK, ManualClock } from '../clock/clock';
import { loadConfig, PROCESSOR_CONFIG } from '../config/processor-config';
import { HistoryQueryService } from './history-query.service';
import { InfluxTimeSeriesStore } from './influx-time-series-store';
import { InMemoryTimeSeriesStore } from './in-memory-time-series-store';
import { StorageModule } from './storage.module';
import { TIME_SERIES_STORE, type TimeSeriesStore } from './time-series-store';

describe(StorageModule.name, () => {
  let spoolDir: string;

  beforeEach(() => {
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-module-'));
  });

  afterEach(() => {
    fs.rmSync(spoolDir, { recursive: true, force: true });
  });

  it('builds the InfluxDB store from PROCESSOR_CONFIG and starts without a reachable database', async () => {
    // Port 9 (discard) on localhost: nothing listens, so the database is "down".
    const config = loadConfig({}, { influxUrl: 'http://127.0.0.1:9', spoolDir });
    @Global()
    @Module({ providers: [{ provide: PROCESSOR_CONFIG, useValue: config }, { provide: CLOCK, useValue: new ManualClock(0) }], exports: [PROCESSOR_CONFIG, CLOCK] })
    class ConfigModule {}
    @Module({ imports: [ConfigModule, StorageModule] })
    class AppUnderTest {}

    const app = await NestFactory.createApplicationContext(AppUnderTest, { logger: false });
    const sut = app.get<TimeSeriesStore>(TIME_SERIES_STORE);
    sut.write([{ kind: 'dead-letter', receivedAt: 1_700_000_000_000, topic: 't', reason: 'bad-json', detail: 'x', payloadExcerpt: '{' }]);
    await app.close();

    expect(sut).toBeInstanceOf(InfluxTimeSeriesStore);
    expect(app.get(HistoryQueryService, { strict: false })).toBeInstanceOf(HistoryQueryService);
    // Closed at shutdown with the record spooled for the next run.
    expect(sut.health().spool.records).toBe(1);
  });

  it('hosts a given store with the same lifecycle', async () => {
    const store = new InMemoryTimeSeriesStore();
    const close = jest.spyOn(store, 'close');
    @Module({ imports: [StorageModule.withStore(store)] })
    class AppUnderTest {}

    const app = await NestFactory.createApplicationContext(AppUnderTest, { logger: false });
    const sut = app.get<TimeSeriesStore>(TIME_SERIES_STORE);
    await app.close();

    expect(sut).toBe(store);
    expect(close).toHaveBeenCalledTimes(1);
  });
});
