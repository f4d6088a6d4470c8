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

async function connectionIn(config: ProcessorConfig, broker: DynamicModule) {
  @Global()
  @Module({ providers: [{ provide: PROCESSOR_CONFIG, useValue: config }, { provide: CLOCK, useValue: new ManualClock(0) }], exports: [PROCESSOR_CONFIG, CLOCK] })
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
    expect(started).toMatchObject({ mode: 'embedded', connected: true });
    expect(sut.health().connected).toBe(false);
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
