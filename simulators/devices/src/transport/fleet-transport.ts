/**
 * The fleet's port to a broker: one FleetConnection per emulated network connection. Each connect()
 * is exactly one attempt; reconnect policy (backoff, jitter) belongs to the fleet, not the adapter.
 */

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
}

export interface ConnectionEvents {
  /** The broker accepted this attempt (CONNACK). */
  onConnect(): void;
  /** The attempt failed or an established connection was lost; never called after end() or destroy(). */
  onClose(error: Error | undefined): void;
}

export type PublishDone = (error?: Error) => void;

export interface FleetConnection {
  readonly connected: boolean;
  connect(): void;
  /** QoS 0 completes when written to the socket, QoS 1 on PUBACK. */
  publish(topic: string, payload: string, qos: 0 | 1, retain: boolean, done: PublishDone): void;
  /** Clean DISCONNECT after in-flight messages are acknowledged (bounded by timeoutMs); the broker drops the will. */
  end(timeoutMs: number): Promise<void>;
  /** Drops the socket without DISCONNECT, like a power cut: the broker publishes the last will. */
  destroy(): void;
}

export interface FleetTransport {
  create(spec: ConnectionSpec, events: ConnectionEvents): FleetConnection;
}
