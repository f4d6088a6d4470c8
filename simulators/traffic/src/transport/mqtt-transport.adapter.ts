/**
 * MQTT adapter (the only module that imports mqtt). Connection layout, chosen for realism at demo size:
 * - 'per-controller' (default): one connection per controller, each with its retained last will
 *   (status online:false), exactly as field controllers behave; plus one shared connection for all detectors,
 *   which in the field sit behind their controller's or a roadside gateway's connection anyway.
 * - 'shared': one connection for everything and no last wills, for load runs with thousands of controllers
 *   where a connection each would only test the broker's socket limits; offline is then only published on a
 *   clean shutdown.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { buildTopic, MESSAGE_ROUTES } from '@arterial/contracts';
import type { Logger } from 'pino';
import type { OutboundMessage } from '../engine/outbound-message';
import type { SimulatorTransport, TransportOpenOptions, TransportStats } from './simulator-transport';

export type ConnectionLayout = 'per-controller' | 'shared';

export interface MqttTransportOptions {
  url: string;
  layout: ConnectionLayout;
  clientIdPrefix: string;
  username?: string;
  password?: string;
  /** How long open() waits for every connection before giving up. */
  connectTimeoutMs: number;
  logger: Logger;
}

export class MqttTransport implements SimulatorTransport {
  private readonly controllerClients = new Map<string, MqttClient>();
  private sharedClient: MqttClient | undefined;
  private published = 0;
  private failed = 0;

  constructor(private readonly options: MqttTransportOptions) {}

  async open(open: TransportOpenOptions): Promise<void> {
    const pending: Promise<void>[] = [];
    this.sharedClient = this.connect(`${this.options.clientIdPrefix}-${this.options.layout === 'shared' ? 'all' : 'detectors'}`, undefined, pending);
    if (this.options.layout === 'per-controller') {
      for (const id of open.controllerIds) {
        const will = open.lastWill(id);
        const client = this.connect(
          `${this.options.clientIdPrefix}-ctl-${id}`,
          { topic: buildTopic('status', id), payload: Buffer.from(JSON.stringify(will)), qos: MESSAGE_ROUTES.status.qos, retain: true },
          pending,
          () => open.onReconnect(id),
        );
        this.controllerClients.set(id, client);
      }
    }
    try {
      await withTimeout(Promise.all(pending), this.options.connectTimeoutMs, `could not connect to ${this.options.url} within ${this.options.connectTimeoutMs} ms`);
    } catch (err) {
      await this.endAll(true);
      throw err;
    }
  }

  publish(message: OutboundMessage): void {
    const client = this.clientFor(message);
    const route = MESSAGE_ROUTES[message.kind];
    client.publish(buildTopic(message.kind, message.deviceId), JSON.stringify(message.payload), { qos: route.qos, retain: route.retained }, (err) => {
      if (err) this.failed++;
      else this.published++;
    });
  }

  async close(finalMessages: OutboundMessage[]): Promise<void> {
    await Promise.allSettled(
      finalMessages.map(async (m) => {
        const route = MESSAGE_ROUTES[m.kind];
        await this.clientFor(m).publishAsync(buildTopic(m.kind, m.deviceId), JSON.stringify(m.payload), { qos: route.qos, retain: route.retained });
        this.published++;
      }),
    );
    await this.endAll(false);
  }

  stats(): TransportStats {
    return { published: this.published, failed: this.failed };
  }

  private clientFor(message: OutboundMessage): MqttClient {
    const client = message.kind === 'measurement' ? this.sharedClient : (this.controllerClients.get(message.deviceId) ?? this.sharedClient);
    if (!client) throw new Error('MQTT transport is not open');
    return client;
  }

  private connect(clientId: string, will: IClientOptions['will'], pending: Promise<void>[], onReconnect?: () => void): MqttClient {
    const client = mqtt.connect(this.options.url, {
      clientId,
      // MQTT 3.1.1: every broker speaks it, including the embedded aedes (which has no MQTT 5); nothing here needs 5.
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      // State at 1 Hz is worthless once stale: drop QoS 0 while offline instead of replaying a backlog.
      queueQoSZero: false,
      ...(will ? { will } : {}),
      ...(this.options.username ? { username: this.options.username, password: this.options.password } : {}),
    });
    let connections = 0;
    let reportedError = false;
    pending.push(new Promise<void>((resolve) => client.once('connect', () => resolve())));
    client.on('connect', () => {
      connections++;
      reportedError = false;
      if (connections > 1) {
        this.options.logger.info({ clientId }, 'reconnected');
        onReconnect?.();
      }
    });
    client.on('error', (err) => {
      if (!reportedError) this.options.logger.warn({ clientId, err: err.message }, 'MQTT connection error');
      reportedError = true;
    });
    return client;
  }

  private async endAll(force: boolean): Promise<void> {
    const clients = [...this.controllerClients.values(), ...(this.sharedClient ? [this.sharedClient] : [])];
    await Promise.allSettled(clients.map((c) => c.endAsync(force)));
    this.controllerClients.clear();
    this.sharedClient = undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
