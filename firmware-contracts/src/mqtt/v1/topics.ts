/** Topic grammar of contract v1 and the one typed map from message kind to payload. */
import type { CommandAck, ControllerCommand, ControllerState, ControllerStatus, DetectorMeasurement, PlanAck, SignalPlan } from './schemas';

export const TOPIC_ROOT = 'arterial/v1';

/** Every v1 message kind with its payload type; consumers switch exhaustively over it. */
export interface V1Messages {
  measurement: DetectorMeasurement;
  state: ControllerState;
  status: ControllerStatus;
  plan: SignalPlan;
  'plan-ack': PlanAck;
  /** v1.1 */
  command: ControllerCommand;
  /** v1.1 */
  'command-ack': CommandAck;
}
export type MessageKind = keyof V1Messages;
export const MESSAGE_KINDS = ['measurement', 'state', 'status', 'plan', 'plan-ack', 'command', 'command-ack'] as const satisfies readonly MessageKind[];

export type DeviceClass = 'detectors' | 'controllers';

/** Static facts about each kind: where it lives, who sends it, how it is delivered. */
export const MESSAGE_ROUTES: Record<MessageKind, { deviceClass: DeviceClass; suffix: string; qos: 0 | 1; retained: boolean; direction: 'device-to-centre' | 'centre-to-device' }> = {
  measurement: { deviceClass: 'detectors', suffix: 'measurement', qos: 1, retained: false, direction: 'device-to-centre' },
  state: { deviceClass: 'controllers', suffix: 'state', qos: 0, retained: false, direction: 'device-to-centre' },
  status: { deviceClass: 'controllers', suffix: 'status', qos: 1, retained: true, direction: 'device-to-centre' },
  plan: { deviceClass: 'controllers', suffix: 'plan', qos: 1, retained: false, direction: 'centre-to-device' },
  'plan-ack': { deviceClass: 'controllers', suffix: 'plan/ack', qos: 1, retained: false, direction: 'device-to-centre' },
  command: { deviceClass: 'controllers', suffix: 'command', qos: 1, retained: false, direction: 'centre-to-device' },
  'command-ack': { deviceClass: 'controllers', suffix: 'command/ack', qos: 1, retained: false, direction: 'device-to-centre' },
};

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

/** Builds the topic for a message kind; throws on an id the grammar does not allow. */
export function buildTopic(kind: MessageKind, deviceId: string): string {
  if (!isValidId(deviceId)) throw new Error(`invalid device id ${JSON.stringify(deviceId)}: must match [A-Za-z0-9_-]{1,64}`);
  const route = MESSAGE_ROUTES[kind];
  return `${TOPIC_ROOT}/${route.deviceClass}/${deviceId}/${route.suffix}`;
}

export interface ParsedTopic {
  kind: MessageKind;
  deviceId: string;
}

/** Parses a v1 topic; returns undefined for anything outside the grammar (including bad ids). */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length < 5 || parts[0] !== 'arterial' || parts[1] !== 'v1') return undefined;
  const deviceClass = parts[2];
  const deviceId = parts[3] ?? '';
  if (!isValidId(deviceId)) return undefined;
  const suffix = parts.slice(4).join('/');
  for (const kind of MESSAGE_KINDS) {
    const route = MESSAGE_ROUTES[kind];
    if (route.deviceClass === deviceClass && route.suffix === suffix) return { kind, deviceId };
  }
  return undefined;
}

/** Subscription filters the centre uses for what devices send. */
export const CENTRE_SUBSCRIPTIONS: readonly string[] = [
  `${TOPIC_ROOT}/detectors/+/measurement`,
  `${TOPIC_ROOT}/controllers/+/state`,
  `${TOPIC_ROOT}/controllers/+/status`,
  `${TOPIC_ROOT}/controllers/+/plan/ack`,
  `${TOPIC_ROOT}/controllers/+/command/ack`,
];
