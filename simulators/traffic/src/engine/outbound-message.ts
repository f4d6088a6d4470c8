/** A message the simulator sends, typed by the contract's one topic-to-payload map. */
import type { MessageKind, V1Messages } from '@arterial/contracts/mqtt/v1';

/** What the engine streams as time advances (telemetry). */
export type SimulatedKind = Extract<MessageKind, 'measurement' | 'state' | 'status'>;
/** Everything a simulated device sends: telemetry plus the answers to centre plans and commands. */
export type DeviceKind = SimulatedKind | 'plan-ack' | 'command-ack';

type MessageOf<K extends MessageKind> = { [P in K]: { kind: P; deviceId: string; payload: V1Messages[P] } }[K];

export type OutboundMessage = MessageOf<SimulatedKind>;
export type DeviceMessage = MessageOf<DeviceKind>;

/** Where the engine puts its messages; the MQTT adapter, a validator or a test recorder. */
export interface MessageSink {
  publish(message: OutboundMessage): void;
}

/** A sink that also carries plan and command acknowledgements (the live runner's; offline runs receive neither). */
export interface DeviceMessageSink {
  publish(message: DeviceMessage): void;
}
