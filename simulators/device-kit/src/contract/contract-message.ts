/**
 * A device message as the contract defines it, and its wire form: the topic from the contract's grammar, QoS and
 * retain from its routes, the payload as JSON. Nothing outside the contracts decides where a kind goes.
 */
import { buildTopic, MESSAGE_ROUTES, validatePayload, type MessageKind, type V1Messages } from '@arterial/contracts/mqtt/v1';

export type ContractMessage<K extends MessageKind = MessageKind> = { [P in K]: { kind: P; deviceId: string; payload: V1Messages[P] } }[K];

export interface WireMessage {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

/** Topic, QoS and retain flag of a kind for a device; throws on an id the topic grammar does not allow. */
export function routeOf(kind: MessageKind, deviceId: string): Omit<WireMessage, 'payload'> {
  const route = MESSAGE_ROUTES[kind];
  return { topic: buildTopic(kind, deviceId), qos: route.qos, retain: route.retained };
}

export function toWire(message: ContractMessage): WireMessage {
  return { ...routeOf(message.kind, message.deviceId), payload: JSON.stringify(message.payload) };
}

/**
 * Why the message breaks the contract, or undefined when it keeps it. `nowMs` is the sender's clock for the
 * future-timestamp rule; a simulation whose time runs ahead of any centre passes Number.MAX_SAFE_INTEGER.
 */
export function contractProblem(message: ContractMessage, nowMs: number): string | undefined {
  const result = validatePayload(message.kind, message.payload, { nowMs });
  return result.ok ? undefined : `${result.reason}: ${result.detail}`;
}
