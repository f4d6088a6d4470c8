/** The AsyncAPI 3.0 document of contract v1, built from the schemas and the topic map. */
import { stringify } from 'yaml';
import { validPayload } from '../testing/fixtures';
import { ID_PATTERN, MAX_CLOCK_SKEW_MS, MAX_COMMAND_VALIDITY_S, MAX_HOLD_S, MAX_PAYLOAD_BYTES } from '../mqtt/v1/schemas';
import { MESSAGE_KINDS, MESSAGE_ROUTES, TOPIC_ROOT, type MessageKind } from '../mqtt/v1/topics';
import { SCHEMAS } from '../mqtt/v1/validators';
import { ClientMessage, CountersMessage, DeltaMessage, SnapshotMessage } from '../live/v1/live.schema';
import { EstimatesMessage, KpisMessage } from '../live/v1/estimates-live.schema';
import { AlertsMessage } from '../live/v1/alerts-live.schema';
import { PredictionsMessage } from '../live/v1/predictions-live.schema';
import { ControlMessage, OverridesMessage } from '../live/v1/control-live.schema';
import { ComponentSchemas } from './component-schemas';
import { plainSchema } from './json-schemas';

/** Version of the contract the document describes (v1; minor bumps for compatible additions). */
export const CONTRACT_VERSION = '1.3.0';
const MQTT_BINDING_VERSION = '0.2.0';

/** Names used inside the document, per kind: channel, operation and component keys. */
const NAMES: Record<MessageKind, { channel: string; message: string; parameter: string }> = {
  measurement: { channel: 'detectorMeasurement', message: 'DetectorMeasurement', parameter: 'detectorId' },
  state: { channel: 'controllerState', message: 'ControllerState', parameter: 'intersectionId' },
  status: { channel: 'controllerStatus', message: 'ControllerStatus', parameter: 'intersectionId' },
  plan: { channel: 'controllerPlan', message: 'SignalPlan', parameter: 'intersectionId' },
  'plan-ack': { channel: 'controllerPlanAck', message: 'PlanAck', parameter: 'intersectionId' },
  command: { channel: 'controllerCommand', message: 'ControllerCommand', parameter: 'intersectionId' },
  'command-ack': { channel: 'controllerCommandAck', message: 'CommandAck', parameter: 'intersectionId' },
};

const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  detectorId: `Detector id; matches ${ID_PATTERN}.`,
  intersectionId: `Intersection (controller) id; matches ${ID_PATTERN}.`,
};

const CHANNEL_NOTES: Record<MessageKind, string> = {
  measurement: 'One message per aggregation interval.',
  state: 'QoS 0 because the next sample supersedes a lost one.',
  status: 'Published retained on connect; the broker publishes the last will (online false, retained) on the same topic when the controller drops off.',
  plan: 'The controller answers on plan/ack and applies an accepted plan at its next cycle boundary.',
  'plan-ack': 'Correlated with the plan by planId.',
  command: 'Since v1.1. The controller answers on command/ack; a command past expiresAt is rejected with reason "expired", and a controller without commands answers "unsupported".',
  'command-ack': 'Since v1.1. Correlated with the command by commandId.',
};

/** Rules decodeMessage checks after the schema (reason code 'semantic'); JSON Schema cannot express them. */
const CROSS_FIELD_RULES: Record<MessageKind, string[]> = {
  measurement: [],
  state: ['cycleS > 0 in fixed and adaptive modes', 'cycleSecond < cycleS when cycleS > 0', 'each phase id at most once'],
  status: [],
  plan: [
    'expiresAt > issuedAt',
    'offsetS < cycleS',
    'each phase at most once in splits',
    'every greenS < cycleS',
    'actuation (v1.1): minGreenS ≤ greenS ≤ maxGreenS',
    'coordinatedPhase (v1.1) names a phase with a split',
    'skipWithoutCall (v1.3) never on the coordinatedPhase',
  ],
  'plan-ack': ['reason is required when accepted is false'],
  command: [
    'expiresAt > issuedAt',
    `expiresAt − issuedAt ≤ ${MAX_COMMAND_VALIDITY_S} s`,
    `hold-phase needs phase and lasts at most ${MAX_HOLD_S} s`,
    'flash and resume take no phase',
  ],
  'command-ack': ['reason is required when accepted is false'],
};

function messageDescription(kind: MessageKind): string {
  const rules = CROSS_FIELD_RULES[kind];
  const timestamp = kind === 'plan' || kind === 'command' ? 'issuedAt' : 'ts';
  const notes = [`Rejected when ${timestamp} is more than ${MAX_CLOCK_SKEW_MS} ms ahead of the receiver's clock.`];
  if (rules.length > 0) notes.unshift(`Cross-field rules: ${rules.join('; ')}.`);
  return notes.join(' ');
}

function channelAddress(kind: MessageKind): string {
  const route = MESSAGE_ROUTES[kind];
  return `${TOPIC_ROOT}/${route.deviceClass}/{${NAMES[kind].parameter}}/${route.suffix}`;
}

function schemaWithoutId(kind: MessageKind): Record<string, unknown> {
  const { $id: _id, ...schema } = plainSchema(SCHEMAS[kind]);
  return schema;
}

/** The live feed's messages, by component name: what the centre sends on /ws, and what it accepts. */
const LIVE_SENT = { LiveSnapshot: SnapshotMessage, LiveDelta: DeltaMessage, LiveCounters: CountersMessage, LiveEstimates: EstimatesMessage, LiveKpis: KpisMessage, LiveAlerts: AlertsMessage, LivePredictions: PredictionsMessage, LiveControl: ControlMessage, LiveOverrides: OverridesMessage } as const;
// ClientMessage is a one-member union, which TypeBox collapses into its member: the ping object.
const LIVE_RECEIVED = { LivePing: ClientMessage } as const;

/** Channel, operations, messages and schemas of the WebSocket live feed at /ws (schemas in live/v1). */
function liveFeedParts(): { channel: Record<string, unknown>; operations: Record<string, unknown>; messages: Record<string, unknown>; schemas: Record<string, unknown> } {
  // The live schemas nest named ones (DetectorLive in SnapshotMessage); each becomes one component.
  const components = new ComponentSchemas('#/components/schemas/', 'draft-07');
  const messages: Record<string, unknown> = {};
  const refs = (names: string[]) => names.map((name) => ({ $ref: `#/channels/liveFeed/messages/${name}` }));
  for (const [name, schema] of Object.entries({ ...LIVE_SENT, ...LIVE_RECEIVED })) {
    messages[name] = {
      name,
      title: schema.title,
      summary: schema.description,
      contentType: 'application/json',
      payload: components.use(schema),
    };
  }
  return {
    channel: {
      address: '/ws',
      title: 'Live feed',
      description: 'WebSocket for browsers: a snapshot on connect, then coalesced deltas and the ingest counters. JSON text frames.',
      servers: [{ $ref: '#/servers/liveFeed' }],
      messages: Object.fromEntries(Object.keys(messages).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
    },
    operations: {
      sendLiveFeed: { action: 'send', title: 'Send the live picture', channel: { $ref: '#/channels/liveFeed' }, messages: refs(Object.keys(LIVE_SENT)) },
      receiveLivePing: { action: 'receive', title: 'Receive a keep-alive', channel: { $ref: '#/channels/liveFeed' }, messages: refs(Object.keys(LIVE_RECEIVED)) },
    },
    messages,
    schemas: components.all(),
  };
}

/** The AsyncAPI 3.0 document, as a plain object; operations are from the centre's point of view. */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const kind of MESSAGE_KINDS) {
    const { channel, message, parameter } = NAMES[kind];
    const route = MESSAGE_ROUTES[kind];
    const schema = SCHEMAS[kind];
    const action = route.direction === 'device-to-centre' ? 'receive' : 'send';
    channels[channel] = {
      address: channelAddress(kind),
      title: schema.title,
      description: `${schema.description} ${CHANNEL_NOTES[kind]}`,
      servers: [{ $ref: '#/servers/centre' }],
      parameters: { [parameter]: { description: PARAMETER_DESCRIPTIONS[parameter] } },
      messages: { [message]: { $ref: `#/components/messages/${message}` } },
    };
    operations[`${action}${message}`] = {
      action,
      title: `${action === 'receive' ? 'Receive' : 'Send'} ${String(schema.title).toLowerCase()}`,
      channel: { $ref: `#/channels/${channel}` },
      messages: [{ $ref: `#/channels/${channel}/messages/${message}` }],
      bindings: { mqtt: { qos: route.qos, retain: route.retained, bindingVersion: MQTT_BINDING_VERSION } },
      ...(kind === 'plan' ? { reply: { channel: { $ref: `#/channels/${NAMES['plan-ack'].channel}` } } } : {}),
      ...(kind === 'command' ? { reply: { channel: { $ref: `#/channels/${NAMES['command-ack'].channel}` } } } : {}),
    };
    messages[message] = {
      name: message,
      title: schema.title,
      summary: schema.description,
      description: messageDescription(kind),
      contentType: 'application/json',
      payload: { $ref: `#/components/schemas/${message}` },
      examples: [{ name: 'valid', payload: validPayload(kind) }],
    };
    schemas[message] = schemaWithoutId(kind);
  }
  const live = liveFeedParts();
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Arterial MQTT contract and live feed',
      version: CONTRACT_VERSION,
      description: [
        'Messages between field devices (detectors, signal controllers) and the Arterial centre, contract v1.',
        'Generated from firmware-contracts/src/v1 by `npm run generate`; do not edit by hand.',
        `Payloads are UTF-8 JSON of at most ${MAX_PAYLOAD_BYTES} bytes; unknown fields are ignored;`,
        `device timestamps more than ${MAX_CLOCK_SKEW_MS} ms ahead of the centre clock are rejected.`,
        'Guide for firmware teams: docs/contracts.md. Versioning policy: firmware-contracts/VERSIONING.md.',
        'The liveFeed channel is the WebSocket the centre offers browsers (firmware-contracts/src/live/v1); the REST API is in openapi.yaml.',
      ].join(' '),
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      centre: {
        host: 'localhost:1883',
        protocol: 'mqtt',
        description: 'The centre\'s embedded broker (MQTT_PORT, default 1883); deployments may point at an external broker instead.',
      },
      liveFeed: {
        host: 'localhost:8080',
        protocol: 'ws',
        description: "The centre's HTTP server (HTTP_PORT, default 8080), WebSocket at /ws.",
      },
    },
    channels: { ...channels, liveFeed: live.channel },
    operations: { ...operations, ...live.operations },
    components: { messages: { ...messages, ...live.messages }, schemas: { ...schemas, ...live.schemas } },
  };
}

/** The document as YAML text, exactly as committed. */
export function renderAsyncApiYaml(): string {
  return stringify(buildAsyncApiDocument(), { lineWidth: 0 });
}
