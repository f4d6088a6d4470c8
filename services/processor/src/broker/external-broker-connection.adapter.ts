/** The centre's session on an external MQTT broker (MQTT_URL): one persistent QoS 1 session, messages out as a stream. */
import mqtt, { type MqttClient } from 'mqtt';
import { Subject } from 'rxjs';
import type { Clock } from '../clock/clock';
import { createLogger } from '../logging/logger';
import type { BrokerConnection, BrokerHealth, InboundMessage, PublishOptions } from './broker-connection';

const log = createLogger('mqtt-connection');

export interface ExternalBrokerOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  subscriptions: readonly string[];
  /** Optional MQTT 5 shared-subscription group for horizontally scaled processors. */
  sharedGroup?: string;
  clock: Clock;
}

export class ExternalBrokerConnection implements BrokerConnection {
  private client: MqttClient | undefined;
  private readonly inbound = new Subject<InboundMessage>();
  private reconnects = 0;
  private lastError: string | undefined;
  private stopping: Promise<void> | undefined;

  readonly messages$ = this.inbound.asObservable();

  constructor(private readonly options: ExternalBrokerOptions) {}

  /** Connects and subscribes; resolves on the first successful subscription, keeps reconnecting afterwards. */
  async start(): Promise<void> {
    if (this.client || this.stopping) throw new Error('external broker connection is started once');
    const { url, clientId, username, password, clock } = this.options;
    const client = mqtt.connect(url, {
      clientId,
      username,
      password,
      // A persistent session: the broker queues QoS 1 messages while the processor is away.
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30,
    });
    this.client = client;
    client.on('message', (topic, payload) => this.inbound.next({ topic, payload, receivedAt: clock.now() }));
    client.on('reconnect', () => {
      this.reconnects += 1;
      log.warn({ url }, 'reconnecting to MQTT broker');
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      log.error({ err: err.message }, 'MQTT client error');
    });
    client.on('offline', () => log.warn('MQTT client offline'));
    client.on('connect', (connack) => {
      if (connack.sessionPresent === false) log.info('broker started a new session');
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', (connack) => {
        // With a resumed session the broker still has our subscriptions; subscribing again is harmless.
        const filters = this.options.subscriptions.map((t) => (this.options.sharedGroup ? `$share/${this.options.sharedGroup}/${t}` : t));
        client.subscribe(filters, { qos: 1 }, (err) => {
          if (err) {
            reject(err);
            return;
          }
          log.info({ url, sessionPresent: connack.sessionPresent, filters }, 'subscribed');
          resolve();
        });
      });
    });
  }

  async publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    const client = this.client;
    if (!client || this.stopping) throw new Error('external broker connection is not started');
    await client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain });
  }

  brokerUrl(): string {
    return this.options.url;
  }

  health(): BrokerHealth {
    return {
      mode: 'external',
      url: this.options.url,
      connected: !this.stopping && (this.client?.connected ?? false),
      reconnects: this.reconnects,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= this.close();
    return this.stopping;
  }

  private async close(): Promise<void> {
    // Graceful: in-flight QoS 1 publishes finish, and the broker keeps the session for the next start.
    await this.client?.endAsync();
    this.inbound.complete();
  }
}
