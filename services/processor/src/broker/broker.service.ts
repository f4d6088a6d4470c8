/** Owns the broker side of the processor: the embedded broker (unless MQTT_URL is set) and the centre's MQTT session. */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { Subject, type Observable } from 'rxjs';
import { CLOCK, type Clock } from '../clock/clock';
import { PROCESSOR_CONFIG, type ProcessorConfig } from '../config/processor-config';
import type { InboundMessage } from '../ingest/inbound-message';
import { EmbeddedBrokerAdapter } from './embedded-broker.adapter';
import { MqttConnectionAdapter } from './mqtt-connection.adapter';

export interface BrokerHealth {
  mode: 'embedded' | 'external';
  url: string;
  connected: boolean;
  reconnects: number;
  embedded?: { listening: boolean; port: number; connectedClients: number };
  lastError?: string;
}

@Injectable()
export class BrokerService implements OnApplicationShutdown {
  private embedded: EmbeddedBrokerAdapter | undefined;
  private connection: MqttConnectionAdapter | undefined;
  private url = '';
  // Owned here rather than by the connection, so ingest can subscribe before the session connects:
  // a resumed persistent session delivers its queued messages the moment it is up.
  private readonly inbound = new Subject<InboundMessage>();

  constructor(
    @Inject(PROCESSOR_CONFIG) private readonly config: ProcessorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Starts the embedded broker if needed and connects the centre's session. Called once by the app bootstrap. */
  async start(): Promise<void> {
    if (!this.config.mqttUrl) {
      const toInbound = (topic: string, payload: Buffer) => this.inbound.next({ topic, payload, receivedAt: this.clock.now() });
      this.embedded = new EmbeddedBrokerAdapter(this.config.host, this.config.mqttPort, (m) => toInbound(m.topic, m.payload));
      const port = await this.embedded.start();
      this.url = `mqtt://127.0.0.1:${port}`;
      await this.embedded.subscribeInProcess(CENTRE_SUBSCRIPTIONS, toInbound);
      return;
    }
    this.url = this.config.mqttUrl;
    this.connection = new MqttConnectionAdapter({
      url: this.url,
      clientId: this.config.mqttClientId,
      ...(this.config.mqttUsername ? { username: this.config.mqttUsername } : {}),
      ...(this.config.mqttPassword ? { password: this.config.mqttPassword } : {}),
      subscriptions: CENTRE_SUBSCRIPTIONS,
      now: () => this.clock.now(),
    });
    this.connection.messages$.subscribe(this.inbound);
    await this.connection.connect();
  }

  /** URL devices (and tests) use to reach the broker the processor is on. */
  brokerUrl(): string {
    return this.url;
  }

  /** Every message on the centre's subscriptions; subscribe before start() to miss none. */
  messages(): Observable<InboundMessage> {
    return this.inbound.asObservable();
  }

  async publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    if (this.embedded) return this.embedded.publish(topic, payload, options);
    if (!this.connection) throw new Error('broker not started');
    await this.connection.publish(topic, payload, options);
  }

  health(): BrokerHealth {
    const status = this.connection?.status();
    const embedded = this.embedded?.status();
    return {
      mode: this.embedded ? 'embedded' : 'external',
      url: this.url,
      // Embedded: the processor is subscribed inside the broker, so it is connected while the broker listens.
      connected: embedded ? embedded.listening : (status?.connected ?? false),
      reconnects: status?.reconnects ?? 0,
      ...(embedded ? { embedded } : {}),
      ...(status?.lastError ? { lastError: status.lastError } : {}),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
    await this.embedded?.stop();
    this.inbound.complete();
  }
}
