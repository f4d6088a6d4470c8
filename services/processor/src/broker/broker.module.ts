/**
 * Broker capability: provides BROKER_CONNECTION, the adapter the configuration asks for (external with
 * MQTT_URL, the embedded aedes broker otherwise). Needs PROCESSOR_CONFIG and CLOCK from a global module.
 * `BrokerModule.withConnection(connection)` hosts another adapter (in-memory for tests and replay) instead.
 * Both are global: ingest, control and the API share the one connection.
 */
import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { AccessRefusalRecorder } from '../auth/devices/access-refusal.recorder';
import { DeviceAccessPolicy } from '../auth/devices/device-access.policy';
import { DeviceRegistryFile } from '../auth/devices/device-registry.file';
import { CLOCK, type Clock } from '../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import type { InboundWal } from '../durability/inbound-wal';
import { inboundWalFor } from '../durability/inbound-wal.factory';
import { INBOUND_WAL } from '../durability/inbound-wal.token';
import { BROKER_CONNECTION, type BrokerConnection } from './broker-connection';
import { EmbeddedBrokerConnection } from './embedded-broker-connection.adapter';
import { ExternalBrokerConnection } from './external-broker-connection.adapter';

/** The adapter for a configuration: an external broker's session when mqttUrl is set, else the embedded broker. */
export function brokerConnectionFor(config: ProcessorConfig, clock: Clock, wal: InboundWal | null = null): BrokerConnection {
  if (!config.mqttUrl) {
    const { mqttAccess: access } = config;
    return new EmbeddedBrokerConnection({
      host: config.host,
      port: config.mqttPort,
      subscriptions: CENTRE_SUBSCRIPTIONS,
      clock,
      access: new DeviceAccessPolicy(new DeviceRegistryFile(access.registryFile), access.allowAnonymous, access, clock),
      maxClients: access.maxClients,
      ...(access.tls ? { tls: access.tls } : {}),
      ...(wal ? { wal } : {}),
    });
  }
  return new ExternalBrokerConnection({
    url: config.mqttUrl,
    clientId: config.mqttClientId,
    ...(config.mqttUsername ? { username: config.mqttUsername } : {}),
    ...(config.mqttPassword ? { password: config.mqttPassword } : {}),
    subscriptions: CENTRE_SUBSCRIPTIONS,
    ...(config.cluster?.sharedGroup
      ? {
          sharedGroup: config.cluster.sharedGroup,
          sessionExpiryS: config.cluster.sessionExpiryS,
          // Every instance keeps the whole network's live state (and retained statuses, which shared subscriptions never get).
          liveSubscription: true,
        }
      : {}),
    ...(wal ? { wal } : {}),
    clock,
  });
}

/**
 * Stops the connection at shutdown, after every module's onModuleDestroy so consumers have let go. Starting
 * is the bootstrap's call, not a lifecycle hook: it must come after live state knows the network, and the
 * messages a resumed session delivers at once must find ingest subscribed.
 */
@Injectable()
export class BrokerLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BROKER_CONNECTION) private readonly connection: BrokerConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.stop();
  }
}

const configuredConnection: Provider = {
  provide: BROKER_CONNECTION,
  useFactory: brokerConnectionFor,
  inject: [PROCESSOR_CONFIG, CLOCK, INBOUND_WAL],
};

const configuredWal: Provider = { provide: INBOUND_WAL, useFactory: inboundWalFor, inject: [PROCESSOR_CONFIG] };

@Module({})
export class BrokerModule {
  static forRoot(): DynamicModule {
    return { module: BrokerModule, global: true, providers: [configuredWal, configuredConnection, BrokerLifecycle, AccessRefusalRecorder], exports: [BROKER_CONNECTION, INBOUND_WAL] };
  }

  /** The same module around a given connection (e.g. InMemoryBrokerConnection for tests and replay). */
  static withConnection(connection: BrokerConnection): DynamicModule {
    return {
      // A module of its own, so the configured factory above is not registered beside the given connection.
      module: BrokerWithConnectionModule,
      global: true,
      providers: [{ provide: BROKER_CONNECTION, useValue: connection }, BrokerLifecycle],
      exports: [BROKER_CONNECTION],
    };
  }
}

@Module({})
export class BrokerWithConnectionModule {}
