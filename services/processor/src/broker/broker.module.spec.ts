import 'reflect-metadata';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CLOCK, ManualClock } from '../clock/clock';
import { loadConfig, PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import { BROKER_CONNECTION, type BrokerConnection } from './broker-connection';
import { BrokerModule } from './broker.module';
import { EmbeddedBrokerConnection } from './embedded-broker-connection.adapter';
import { ExternalBrokerConnection } from './external-broker-connection.adapter';
import { InMemoryBrokerConnection } from './in-memory-broker-connection';
import { InMemoryTimeSeriesStore } from '../storage/in-memory-time-series-store';
import { TIME_SERIES_STORE } from '../storage/time-series-store';

async function connectionIn(config: ProcessorConfig, broker: DynamicModule) {
  @Global()
  @Module({
    providers: [
      { provide: PROCESSOR_CONFIG, useValue: config },
      { provide: CLOCK, useValue: new ManualClock(0) },
      // Where refused device access is recorded as dead letters.
      { provide: TIME_SERIES_STORE, useValue: new InMemoryTimeSeriesStore() },
    ],
    exports: [PROCESSOR_CONFIG, CLOCK, TIME_SERIES_STORE],
  })
  class ConfigModule {}
  @Module({ imports: [ConfigModule, broker] })
  class AppUnderTest {}
  const app = await NestFactory.createApplicationContext(AppUnderTest, { logger: false });
  return { app, sut: app.get<BrokerConnection>(BROKER_CONNECTION) };
}

describe(BrokerModule.name, () => {
  it('connects to the external broker when MQTT_URL is set', async () => {
    const { app, sut } = await connectionIn(loadConfig({ MQTT_URL: 'mqtt://broker.example:1883' }), BrokerModule.forRoot());
    await app.close();

    expect(sut).toBeInstanceOf(ExternalBrokerConnection);
    expect(sut.brokerUrl()).toBe('mqtt://broker.example:1883');
  });

  it('runs the embedded broker otherwise, on the configured port, and stops it at shutdown', async () => {
    const { app, sut } = await connectionIn(loadConfig({}, { host: '127.0.0.1', mqttPort: 0 }), BrokerModule.forRoot());
    await sut.start();
    const started = sut.health();
    await app.close();

    expect(sut).toBeInstanceOf(EmbeddedBrokerConnection);
    expect(started).toMatchObject({ mode: 'embedded', connected: true, embedded: { auth: 'registry', refused: { connect: 0, publish: 0, subscribe: 0 } } });
    expect(sut.health().connected).toBe(false);
  });

  it('says when the embedded broker lets anonymous clients in (MQTT_ALLOW_ANONYMOUS=true)', async () => {
    const { app, sut } = await connectionIn(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'true' }, { host: '127.0.0.1', mqttPort: 0 }), BrokerModule.forRoot());
    await sut.start();
    const started = sut.health();
    await app.close();

    expect(started.embedded?.auth).toBe('anonymous');
  });

  it('hosts a given connection instead, with the same lifecycle', async () => {
    const connection = new InMemoryBrokerConnection({ subscriptions: [] });
    const stop = jest.spyOn(connection, 'stop');
    const { app, sut } = await connectionIn(loadConfig({}), BrokerModule.withConnection(connection));
    await app.close();

    expect(sut).toBe(connection);
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
