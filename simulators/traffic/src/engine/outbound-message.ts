/** A message the simulator sends, typed by the contract's one topic-to-payload map. */
import type { MessageKind, V1Messages } from '@arterial/contracts';

/** Kinds the simulated devices send today; plan acknowledgements join when controllers accept centre plans. */
export type SimulatedKind = Extract<MessageKind, 'measurement' | 'state' | 'status'>;

export type OutboundMessage = { [K in SimulatedKind]: { kind: K; deviceId: string; payload: V1Messages[K] } }[SimulatedKind];

/** Where the engine puts its messages; the MQTT adapter, a validator or a test recorder. */
export interface MessageSink {
  publish(message: OutboundMessage): void;
}
