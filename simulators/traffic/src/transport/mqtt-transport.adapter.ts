/**
 * MQTT adapter (the only module that imports mqtt). Connection layout, chosen for realism at demo size:
 * - 'per-controller' (default): one connection per controller, each with its retained last will
 *   (status online:false), exactly as field controllers behave; plus one shared connection for all detectors,
 *   which in the field sit behind their controller's or a roadside gateway's connection anyway.
 * - 'shared': one connection for everything and no last wills, for load runs with thousands of controllers
 *   where a connection each would only test the broker's socket limits; offline is then only published on a
 *   clean shutdown.
 * Plans: each controller connection subscribes to its own plan topic (QoS 1) in a persistent session, as the
 * contract asks, so plans sent during a short drop-out still arrive; the shared connection subscribes to all
 * plan topics with one wildcard.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { buildTopic, MESSAGE_ROUTES, parseTopic, TOPIC_ROOT } from '@arterial/contracts/mqtt/v1';
import type { Logger } from 'pino';
import type { DeviceMessage } from '../engine/outbound-message';
import type { SimulatorTransport, TransportOpenOptions, TransportStats } from './simulator-transport';

export type ConnectionLayout = 'per-controller' | 'shared';

interface ConnectionHooks {
  will?: IClientOptions['will'];
  /** Persistent session: the broker keeps subscriptions and QoS 1 messages across drop-outs. */
  persistent: boolean;
  subscriptions: string[];
  onMessage?: (topic: string, payload: Buffer) => void;
  onLost?: () => void;
  onReconnect?: () => void;
}

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
  private closing = false;
  private failed = 0;

  constructor(private readonly options: MqttTransportOptions) {}

  async open(open: TransportOpenOptions): Promise<void> {
    const pending: Promise<void>[] = [];
    const shared = this.options.layout === 'shared';
    const everyController = (f: (id: string) => void) => () => open.controllerIds.forEach(f);
    this.sharedClient = this.connect(`${this.options.clientIdPrefix}-${shared ? 'all' : 'detectors'}`, pending, {
      persistent: false,
      subscriptions: shared ? [`${TOPIC_ROOT}/controllers/+/plan`] : [],
      ...(shared
        ? {
            onMessage: (topic: string, payload: Buffer) => {
              const parsed = parseTopic(topic);
              if (parsed?.kind === 'plan') open.onPlan(parsed.deviceId, topic, payload);
            },
            onLost: everyController((id) => open.onConnectionLost(id)),
            onReconnect: everyController((id) => open.onReconnect(id)),
          }
        : {}),
    });
    if (!shared) {
      for (const id of open.controllerIds) {
        const will = open.lastWill(id);
        const client = this.connect(`${this.options.clientIdPrefix}-ctl-${id}`, pending, {
          will: { topic: buildTopic('status', id), payload: Buffer.from(JSON.stringify(will)), qos: MESSAGE_ROUTES.status.qos, retain: true },
          persistent: true,
          subscriptions: [buildTopic('plan', id)],
          onMessage: (topic, payload) => open.onPlan(id, topic, payload),
          onLost: () => open.onConnectionLost(id),
          onReconnect: () => open.onReconnect(id),
        });
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

  publish(message: DeviceMessage): void {
    const client = this.clientFor(message);
    const route = MESSAGE_ROUTES[message.kind];
    client.publish(buildTopic(message.kind, message.deviceId), JSON.stringify(message.payload), { qos: route.qos, retain: route.retained }, (err) => {
      if (err) this.failed++;
      else this.published++;
    });
  }

  async close(finalMessages: DeviceMessage[]): Promise<void> {
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

  private clientFor(message: DeviceMessage): MqttClient {
    const client = message.kind === 'measurement' ? this.sharedClient : (this.controllerClients.get(message.deviceId) ?? this.sharedClient);
    if (!client) throw new Error('MQTT transport is not open');
    return client;
  }

  private connect(clientId: string, pending: Promise<void>[], hooks: ConnectionHooks): MqttClient {
    const { will } = hooks;
    const client = mqtt.connect(this.options.url, {
      clientId,
      // MQTT 3.1.1: every broker speaks it, including the embedded aedes (which has no MQTT 5); nothing here needs 5.
      protocolVersion: 4,
      clean: !hooks.persistent,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      // State at 1 Hz is worthless once stale: drop QoS 0 while offline instead of replaying a backlog.
      queueQoSZero: false,
      ...(will ? { will } : {}),
      ...(this.options.username ? { username: this.options.username, password: this.options.password } : {}),
    });
    let connections = 0;
    let reportedError = false;
    let online = false;
    // Ready once connected and, if it takes plans, subscribed (mqtt.js resubscribes by itself after a reconnect).
    pending.push(
      new Promise<void>((resolve, reject) =>
        client.once('connect', () => {
          if (hooks.subscriptions.length === 0) return resolve();
          client.subscribe(hooks.subscriptions, { qos: 1 }, (err) => (err ? reject(err) : resolve()));
        }),
      ),
    );
    if (hooks.onMessage) client.on('message', hooks.onMessage);
    client.on('connect', () => {
      connections++;
      online = true;
      reportedError = false;
      if (connections > 1) {
        this.options.logger.info({ clientId }, 'reconnected');
        hooks.onReconnect?.();
      }
    });
    client.on('close', () => {
      if (!online || this.closing) return;
      online = false;
      this.options.logger.warn({ clientId }, 'connection to the broker lost');
      hooks.onLost?.();
    });
    client.on('error', (err) => {
      if (!reportedError) this.options.logger.warn({ clientId, err: err.message }, 'MQTT connection error');
      reportedError = true;
    });
    return client;
  }

  private async endAll(force: boolean): Promise<void> {
    this.closing = true;
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
