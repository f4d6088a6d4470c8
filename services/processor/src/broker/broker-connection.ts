/**
 * The broker port: the centre's one connection to MQTT. The embedded (aedes), external (mqtt.js session)
 * and in-memory adapters implement it; one shared suite (broker-connection.suite.ts) runs against each,
 * so ingest, control, replay and tests can swap them safely.
 */
import type { BrokerHealth } from '@arterial/contracts/api/v1';
import type { Observable } from 'rxjs';

// What GET /api/health reports for the broker is a wire shape, so the REST contract defines it.
export type { BrokerHealth };

/** One raw MQTT message as it left the broker connection, before any validation. */
export interface InboundMessage {
  topic: string;
  payload: Buffer;
  /** Centre clock at arrival, epoch ms. */
  receivedAt: number;
  /**
   * What this copy is for when a clustered instance holds two subscriptions (docs/cluster.md): `store` (the shared
   * subscription: one instance of the group stores it) or `live` (every instance: live state, control, acks; never
   * stored). Absent: both, as with a single instance.
   */
  path?: 'store' | 'live';
}

export interface PublishOptions {
  qos: 0 | 1;
  retain: boolean;
}

export interface BrokerConnection {
  /**
   * Every message on the centre's subscriptions, in arrival order. Hot: subscribe before start() to miss
   * none (a resumed persistent session delivers its queue the moment it is up). Completes at stop().
   */
  readonly messages$: Observable<InboundMessage>;
  /** Connects (or, embedded, starts the broker) and subscribes; resolves once subscribed. Called once. */
  start(): Promise<void>;
  /** Resolves when the broker has taken the message (PUBACK for QoS 1 on an external broker). Rejects unless started. */
  publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void>;
  health(): BrokerHealth;
  /** URL devices (and tests) use to reach the broker the centre is on. */
  brokerUrl(): string;
  /** Disconnects (or stops the embedded broker) and completes messages$. Idempotent. */
  stop(): Promise<void>;
}

export const BROKER_CONNECTION = Symbol('BROKER_CONNECTION');
