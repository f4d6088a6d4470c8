/**
 * The port between an emulated device and its broker: one DeviceConnection per network connection. The MQTT
 * adapter implements it for real brokers; the fleet's specs use an in-memory one.
 */
import type { WireMessage } from '../contract/contract-message';

export interface LastWill {
  topic: string;
  /** Evaluated at every connect attempt, so the will carries a fresh timestamp. */
  payload: () => string;
  qos: 0 | 1;
  retain: boolean;
}

export interface ConnectionSpec {
  clientId: string;
  will?: LastWill;
  /** Persistent session: the broker keeps subscriptions and QoS 1 messages across drop-outs. Default false. */
  persistent?: boolean;
  /** Topic filters subscribed at QoS 1 on every connect, before onConnect is called (a controller's plan topic). */
  subscriptions?: readonly string[];
}

export interface ConnectionEvents {
  /** The broker accepted the connection and granted the subscriptions. */
  onConnect(): void;
  /** An attempt failed or an established connection was lost; never called after end() or destroy(). */
  onClose(error: Error | undefined): void;
  /** A message arrived on a subscribed topic. */
  onMessage?(topic: string, payload: Buffer): void;
}

export type PublishDone = (error?: Error) => void;

export interface DeviceConnection {
  readonly connected: boolean;
  /** Starts connecting; whether a lost connection comes back by itself depends on the transport's retry policy. */
  connect(): void;
  /** QoS 0 completes when written to the socket, QoS 1 on PUBACK. */
  publish(message: WireMessage, done?: PublishDone): void;
  /** Clean DISCONNECT after in-flight messages are acknowledged (bounded by timeoutMs); the broker drops the will. */
  end(timeoutMs: number): Promise<void>;
  /** Drops the socket without DISCONNECT, like a power cut: the broker publishes the last will. */
  destroy(): void;
}

export interface DeviceTransport {
  create(spec: ConnectionSpec, events: ConnectionEvents): DeviceConnection;
}
