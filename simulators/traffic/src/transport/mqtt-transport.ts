/**
 * The simulator's transport over MQTT, on the device kit's connection (which alone imports mqtt). Connection
 * layout, chosen for realism at demo size:
 * - 'per-controller' (default): one connection per controller, each with its retained last will
 *   (status online:false), exactly as field controllers behave; plus one shared connection for all detectors,
 *   which in the field sit behind their controller's or a roadside gateway's connection anyway.
 * - 'shared': one connection for everything and no last wills, for load runs with thousands of controllers
 *   where a connection each would only test the broker's socket limits; offline is then only published on a
 *   clean shutdown.
 * Plans and commands: each controller connection subscribes to its own plan and command topics (QoS 1) in a
 * persistent session, as the contract asks, so plans and commands sent during a short drop-out still arrive; the
 * shared connection subscribes to all of them with one wildcard each. Acks go out with the contract's QoS (routeOf). Lost connections come back by themselves with the kit's jittered backoff, and
 * QoS 1 messages published meanwhile are delivered then.
 */
import { buildTopic, parseTopic, TOPIC_ROOT, type MessageKind } from '@arterial/contracts/mqtt/v1';
import { MqttDeviceTransport, routeOf, toWire, type ConnectionEvents, type ConnectionSpec, type MqttDeviceConnection } from '@arterial/device-kit';
import type { Logger } from 'pino';
import type { DeviceMessage } from '../engine/outbound-message';
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

/** What one connection reports besides its own log lines. */
interface ConnectionHooks {
  onMessage?: (topic: string, payload: Buffer) => void;
  onLost?: () => void;
  onReconnect?: () => void;
}

/** Drains a clean close: how long the final offline statuses may take to be acknowledged. */
const CLOSE_TIMEOUT_MS = 10_000;

export class MqttTransport implements SimulatorTransport {
  private readonly devices: MqttDeviceTransport;
  private readonly controllerConnections = new Map<string, MqttDeviceConnection>();
  private sharedConnection: MqttDeviceConnection | undefined;
  private published = 0;
  private failed = 0;

  constructor(private readonly options: MqttTransportOptions) {
    this.devices = new MqttDeviceTransport({
      url: options.url,
      ...(options.username ? { username: options.username, password: options.password } : {}),
      retry: {},
      queueWhileOffline: true,
    });
  }

  async open(open: TransportOpenOptions): Promise<void> {
    const shared = this.options.layout === 'shared';
    const everyController = (f: (id: string) => void) => () => open.controllerIds.forEach(f);
    this.sharedConnection = this.connect(
      {
        clientId: `${this.options.clientIdPrefix}-${shared ? 'all' : 'detectors'}`,
        subscriptions: shared ? [`${TOPIC_ROOT}/controllers/+/plan`, `${TOPIC_ROOT}/controllers/+/command`] : [],
      },
      shared
        ? {
            onMessage: (topic, payload) => {
              const parsed = parseTopic(topic);
              if (parsed) routeInbound(open, parsed.kind, parsed.deviceId, topic, payload);
            },
            onLost: everyController((id) => open.onConnectionLost(id)),
            onReconnect: everyController((id) => open.onReconnect(id)),
          }
        : {},
    );
    if (!shared) {
      for (const id of open.controllerIds) {
        const will = routeOf('status', id);
        const connection = this.connect(
          {
            clientId: `${this.options.clientIdPrefix}-ctl-${id}`,
            will: { ...will, payload: () => JSON.stringify(open.lastWill(id)) },
            persistent: true,
            subscriptions: [buildTopic('plan', id), buildTopic('command', id)],
          },
          { onMessage: (topic, payload) => routeInbound(open, parseTopic(topic)?.kind, id, topic, payload), onLost: () => open.onConnectionLost(id), onReconnect: () => open.onReconnect(id) },
        );
        this.controllerConnections.set(id, connection);
      }
    }
    try {
      await Promise.all(this.connections().map((c) => c.ready(this.options.connectTimeoutMs)));
    } catch (err) {
      this.connections().forEach((c) => c.destroy());
      throw err;
    }
  }

  publish(message: DeviceMessage): void {
    this.connectionFor(message).publish(toWire(message), (err) => {
      if (err) this.failed++;
      else this.published++;
    });
  }

  async close(finalMessages: DeviceMessage[]): Promise<void> {
    await Promise.allSettled(
      finalMessages.map(
        (m) =>
          new Promise<void>((resolve, reject) =>
            this.connectionFor(m).publish(toWire(m), (err) => {
              if (err) return reject(err);
              this.published++;
              resolve();
            }),
          ),
      ),
    );
    await Promise.allSettled(this.connections().map((c) => c.end(CLOSE_TIMEOUT_MS)));
    this.controllerConnections.clear();
    this.sharedConnection = undefined;
  }

  stats(): TransportStats {
    return { published: this.published, failed: this.failed };
  }

  private connections(): MqttDeviceConnection[] {
    return [...this.controllerConnections.values(), ...(this.sharedConnection ? [this.sharedConnection] : [])];
  }

  private connectionFor(message: DeviceMessage): MqttDeviceConnection {
    const connection = message.kind === 'measurement' ? this.sharedConnection : (this.controllerConnections.get(message.deviceId) ?? this.sharedConnection);
    if (!connection) throw new Error('MQTT transport is not open');
    return connection;
  }

  private connect(spec: ConnectionSpec, hooks: ConnectionHooks): MqttDeviceConnection {
    const { clientId } = spec;
    const log = this.options.logger;
    let connections = 0;
    let online = false;
    let reportedError = false;
    const events: ConnectionEvents = {
      onConnect: () => {
        connections++;
        online = true;
        reportedError = false;
        if (connections > 1) {
          log.info({ clientId }, 'reconnected');
          hooks.onReconnect?.();
        }
      },
      onClose: (err) => {
        if (err && !reportedError) log.warn({ clientId, err: err.message }, 'MQTT connection error');
        reportedError ||= err !== undefined;
        if (!online) return;
        online = false;
        log.warn({ clientId }, 'connection to the broker lost');
        hooks.onLost?.();
      },
      ...(hooks.onMessage ? { onMessage: hooks.onMessage } : {}),
    };
    const connection = this.devices.create(spec, events);
    connection.connect();
    return connection;
  }
}

/** Hands a centre message to the engine by its topic kind; anything else on a subscribed topic is not ours. */
function routeInbound(open: TransportOpenOptions, kind: MessageKind | undefined, controllerId: string, topic: string, payload: Uint8Array): void {
  if (kind === 'plan') open.onPlan(controllerId, topic, payload);
  else if (kind === 'command') open.onCommand(controllerId, topic, payload);
}
