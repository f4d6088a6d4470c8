/** MQTT adapter of the fleet transport (the only module that imports mqtt): one MQTT.js client per connection. */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { ConnectionEvents, ConnectionSpec, FleetConnection, FleetTransport, PublishDone } from './fleet-transport';
import { assertLoopbackUrl } from './loopback';

export interface MqttFleetTransportOptions {
  url: string;
  /** How long one attempt waits for CONNACK. */
  connectTimeoutMs?: number;
  keepaliveS?: number;
  username?: string;
  password?: string;
}

export class MqttFleetTransport implements FleetTransport {
  constructor(private readonly options: MqttFleetTransportOptions) {
    assertLoopbackUrl(options.url);
  }

  create(spec: ConnectionSpec, events: ConnectionEvents): FleetConnection {
    return new MqttFleetConnection(this.options, spec, events);
  }
}

class MqttFleetConnection implements FleetConnection {
  private client: MqttClient | undefined;
  private up = false;

  constructor(
    private readonly options: MqttFleetTransportOptions,
    private readonly spec: ConnectionSpec,
    private readonly events: ConnectionEvents,
  ) {}

  get connected(): boolean {
    return this.up;
  }

  connect(): void {
    this.discard();
    const will = this.spec.will;
    const clientOptions: IClientOptions = {
      clientId: this.spec.clientId,
      clean: true,
      // One attempt per connect(): the fleet paces retries with jittered backoff.
      reconnectPeriod: 0,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      keepalive: this.options.keepaliveS ?? 60,
      ...(this.options.username ? { username: this.options.username } : {}),
      ...(this.options.password ? { password: this.options.password } : {}),
      ...(will ? { will: { topic: will.topic, payload: Buffer.from(will.payload()), qos: will.qos, retain: will.retain } } : {}),
    };
    const client = mqtt.connect(this.options.url, clientOptions);
    this.client = client;
    let lastError: Error | undefined;
    client.on('connect', () => {
      this.up = true;
      this.events.onConnect();
    });
    // Errors are reported through onClose; without a listener MQTT.js would throw them.
    client.on('error', (err) => (lastError = err));
    client.on('close', () => {
      if (this.client !== client) return;
      this.up = false;
      this.client = undefined;
      client.removeAllListeners();
      client.on('error', () => undefined);
      client.end(true);
      this.events.onClose(lastError);
    });
  }

  publish(topic: string, payload: string, qos: 0 | 1, retain: boolean, done: PublishDone): void {
    const client = this.client;
    if (!client || !this.up) {
      done(new Error('not connected'));
      return;
    }
    client.publish(topic, payload, { qos, retain }, (err) => done(err ?? undefined));
  }

  async end(timeoutMs: number): Promise<void> {
    const client = this.detach();
    if (!client) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        client.end(true);
        resolve();
      }, timeoutMs);
      client.end(false, {}, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  destroy(): void {
    this.discard();
  }

  /** Forgets the client and stops reacting to its events, so closing it is not mistaken for a drop. */
  private detach(): MqttClient | undefined {
    const client = this.client;
    this.client = undefined;
    this.up = false;
    client?.removeAllListeners('close');
    client?.removeAllListeners('connect');
    return client;
  }

  private discard(): void {
    const client = this.detach();
    if (!client) return;
    // end(true) destroys the stream without sending DISCONNECT, so the broker publishes the will.
    client.end(true);
  }
}
