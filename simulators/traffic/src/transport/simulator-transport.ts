/** Port between the simulator and a message broker: the MQTT adapter in production, a recorder in tests. */
import type { ControllerStatus } from '@arterial/contracts/mqtt/v1';
import type { DeviceMessage } from '../engine/outbound-message';

export interface TransportOpenOptions {
  controllerIds: string[];
  /** The retained status the broker publishes for a controller whose connection drops. */
  lastWill(controllerId: string): ControllerStatus;
  /** Called after a controller's connection came back; the broker has published its last will meanwhile. */
  onReconnect(controllerId: string): void;
  /** A controller's connection dropped (per controller; in the shared layout, every controller). */
  onConnectionLost(controllerId: string): void;
  /** A message arrived on a controller's plan topic (subscribed with QoS 1). */
  onPlan(controllerId: string, topic: string, payload: Uint8Array): void;
  /** A message arrived on a controller's command topic (subscribed with QoS 1). */
  onCommand(controllerId: string, topic: string, payload: Uint8Array): void;
}

export interface TransportStats {
  published: number;
  failed: number;
}

export interface SimulatorTransport {
  open(options: TransportOpenOptions): Promise<void>;
  /** Queues one message; delivery errors are counted, never thrown into the simulation. */
  publish(message: DeviceMessage): void;
  /** Publishes the final messages and waits for them, then disconnects. */
  close(finalMessages: DeviceMessage[]): Promise<void>;
  stats(): TransportStats;
}
