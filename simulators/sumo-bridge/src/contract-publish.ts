/** Every outgoing payload is checked against the v1 contract before it leaves the bridge. */
import { buildTopic, type MessageKind, MESSAGE_ROUTES, validatePayload, type V1Messages } from '@arterial/contracts/mqtt/v1';
import type { BusConnection } from './mqtt.adapter';

export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
}

export async function publishContract<K extends MessageKind>(bus: BusConnection, kind: K, deviceId: string, payload: V1Messages[K], nowMs: number): Promise<void> {
  const checked = validatePayload(kind, payload, { nowMs });
  if (!checked.ok) throw new ContractViolation(`${kind} for ${deviceId} breaks contract v1 (${checked.reason}): ${checked.detail}`);
  const route = MESSAGE_ROUTES[kind];
  await bus.publish(buildTopic(kind, deviceId), payload, { qos: route.qos, retain: route.retained });
}
