/** The processor's MQTT client: one persistent QoS 1 session, messages out as an rxjs stream. */
import mqtt, { type MqttClient } from 'mqtt';
import { Subject, type Observable } from 'rxjs';
import { createLogger } from '../logging/logger';
import type { InboundMessage } from '../ingest/inbound-message';

const log = createLogger('mqtt-connection');

export interface MqttConnectionOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  subscriptions: readonly string[];
  /** Optional MQTT 5 shared-subscription group for horizontally scaled processors. */
  sharedGroup?: string;
  now: () => number;
}

export interface MqttConnectionStatus {
  url: string;
  connected: boolean;
  reconnects: number;
  lastError?: string;
}

export class MqttConnectionAdapter {
  private client: MqttClient | undefined;
  private readonly inbound = new Subject<InboundMessage>();
  private reconnects = 0;
  private lastError: string | undefined;

  /** Every message received on the centre's subscriptions, in arrival order. */
  readonly messages$: Observable<InboundMessage> = this.inbound.asObservable();

  constructor(private readonly options: MqttConnectionOptions) {}

  /** Connects and subscribes; resolves on the first successful subscription, keeps reconnecting afterwards. */
  async connect(): Promise<void> {
    const { url, clientId, username, password } = this.options;
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
    client.on('message', (topic, payload) => this.inbound.next({ topic, payload, receivedAt: this.options.now() }));
    client.on('reconnect', () => {
      this.reconnects += 1;
      log.warn({ url }, 'reconnecting to MQTT broker');
    });
    client.on('error', (err) => {
      this.lastError = err.message;
      log.error({ err: err.message }, 'MQTT client error');
    });
    client.on('offline', () => log.warn('MQTT client offline'));
    await new Promise<void>((resolve, reject) => {
      const onConnect = (connack: { sessionPresent: boolean }) => {
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
      };
      client.once('connect', onConnect);
      client.on('connect', (connack) => {
        if (connack.sessionPresent === false) log.info('broker started a new session');
      });
    });
  }

  async publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('MQTT connection not started');
    await client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain });
  }

  status(): MqttConnectionStatus {
    return { url: this.options.url, connected: this.client?.connected ?? false, reconnects: this.reconnects, ...(this.lastError ? { lastError: this.lastError } : {}) };
  }

  async close(): Promise<void> {
    this.inbound.complete();
    await this.client?.endAsync();
  }
}
