/**
 * MQTT adapter of the device port (the only module of the kit that imports mqtt): one MQTT.js client per device
 * connection for its whole life, so QoS 1 messages kept while offline survive a reconnect. MQTT.js's own fixed
 * reconnect period is off; with `retry` the connection comes back by itself after backoffDelayMs (the one formula
 * every emulated device uses), without it each connect() is one attempt and the caller paces and counts retries.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { WireMessage } from '../contract/contract-message';
import { DEFAULT_BACKOFF, RetrySchedule, type BackoffOptions } from './backoff';
import type { ConnectionEvents, ConnectionSpec, DeviceConnection, DeviceTransport, PublishDone } from './device-connection';

export interface MqttDeviceTransportOptions {
  url: string;
  username?: string;
  password?: string;
  /** How long one attempt waits for CONNACK. Default 10 s. */
  connectTimeoutMs?: number;
  keepaliveS?: number;
  /** Reconnect by itself, with jittered exponential backoff. */
  retry?: { backoff?: BackoffOptions; random?: () => number };
  /**
   * Keep QoS 1 messages published while offline and deliver them after reconnecting, as a controller buffers its
   * measurements. QoS 0 is always dropped offline: a stale 1 Hz state is worthless. Default: refuse while offline.
   */
  queueWhileOffline?: boolean;
}

export class MqttDeviceTransport implements DeviceTransport {
  constructor(private readonly options: MqttDeviceTransportOptions) {}

  create(spec: ConnectionSpec, events: ConnectionEvents): MqttDeviceConnection {
    return new MqttDeviceConnection(this.options, spec, events);
  }
}

export class MqttDeviceConnection implements DeviceConnection {
  private client: MqttClient | undefined;
  private up = false;
  private stopped = false;
  private lastError: Error | undefined;
  private readonly retries: RetrySchedule | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly options: MqttDeviceTransportOptions,
    private readonly spec: ConnectionSpec,
    private readonly events: ConnectionEvents,
  ) {
    const retry = options.retry;
    this.retries = retry ? new RetrySchedule(retry.backoff ?? DEFAULT_BACKOFF, retry.random ?? Math.random) : undefined;
  }

  get connected(): boolean {
    return this.up;
  }

  connect(): void {
    this.stopped = false;
    const client = this.client;
    if (!client) {
      this.client = this.listen(mqtt.connect(this.options.url, this.clientOptions()));
      return;
    }
    client.options.will = this.will();
    client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
  }

  /** Resolves once connected (at once if it is); rejects after timeoutMs with the last error. */
  ready(timeoutMs: number): Promise<void> {
    if (this.up) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        const cause = this.lastError ? ` (${this.lastError.message})` : '';
        reject(new Error(`${this.spec.clientId} could not connect to ${this.options.url} within ${timeoutMs} ms${cause}`));
      }, timeoutMs);
      this.waiters.add(done);
    });
  }

  publish(message: WireMessage, done: PublishDone = () => undefined): void {
    const client = this.client;
    if (!client || (!this.up && !this.options.queueWhileOffline)) {
      done(new Error('not connected'));
      return;
    }
    client.publish(message.topic, message.payload, { qos: message.qos, retain: message.retain }, (err) => done(err ?? undefined));
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
    // end(true) destroys the stream without sending DISCONNECT, so the broker publishes the will.
    this.detach()?.end(true);
  }

  private clientOptions(): IClientOptions {
    const will = this.will();
    return {
      clientId: this.spec.clientId,
      // MQTT 3.1.1: every broker speaks it, including the embedded aedes (which has no MQTT 5); nothing here needs 5.
      protocolVersion: 4,
      clean: !this.spec.persistent,
      reconnectPeriod: 0,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      keepalive: this.options.keepaliveS ?? 60,
      queueQoSZero: false,
      ...(will ? { will } : {}),
      ...(this.options.username ? { username: this.options.username, password: this.options.password } : {}),
    };
  }

  private will(): IClientOptions['will'] {
    const will = this.spec.will;
    return will ? { topic: will.topic, payload: Buffer.from(will.payload()), qos: will.qos, retain: will.retain } : undefined;
  }

  private listen(client: MqttClient): MqttClient {
    const subscriptions = [...(this.spec.subscriptions ?? [])];
    client.on('connect', () => {
      if (subscriptions.length === 0) return this.established();
      client.subscribe(subscriptions, { qos: 1 }, (err, granted) => {
        if (!err && granted?.every((g) => g.qos !== 128)) return this.established();
        // A device that cannot hear its plan topic is not up: drop the connection and let the retry policy decide.
        this.lastError = err ?? new Error(`subscription to ${subscriptions.join(', ')} refused`);
        client.end(true);
      });
    });
    // Errors surface through onClose; without a listener MQTT.js would throw them.
    client.on('error', (err) => (this.lastError = err));
    client.on('close', () => this.lost());
    const onMessage = this.events.onMessage;
    if (onMessage) client.on('message', (topic, payload) => onMessage(topic, payload));
    return client;
  }

  private established(): void {
    if (this.stopped) return;
    this.up = true;
    this.lastError = undefined;
    this.retries?.succeeded();
    this.events.onConnect();
    for (const waiter of [...this.waiters]) waiter();
    this.waiters.clear();
  }

  private lost(): void {
    this.up = false;
    if (this.stopped) return;
    this.events.onClose(this.lastError);
    this.retries?.retry(() => {
      if (!this.stopped) this.connect();
    });
  }

  /** Stops reacting to the client, so closing it is not mistaken for a drop. */
  private detach(): MqttClient | undefined {
    this.stopped = true;
    this.up = false;
    this.retries?.cancel();
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners('close');
    client?.removeAllListeners('connect');
    client?.removeAllListeners('message');
    return client;
  }
}
