import { parse } from 'yaml';
import { ServerMessage } from '../live/v1/live.schema';
import { MESSAGE_KINDS, MESSAGE_ROUTES, parseTopic } from '../mqtt/v1/topics';
import { SCHEMAS } from '../mqtt/v1/validators';
import { buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi-document';

interface Operation {
  action: string;
  channel: { $ref: string };
  messages: { $ref: string }[];
  bindings: { mqtt: { qos: number; retain: boolean } };
  reply?: { channel: { $ref: string } };
}
interface Channel {
  address: string;
  parameters: Record<string, unknown>;
  messages: Record<string, { $ref: string }>;
}
interface Document {
  asyncapi: string;
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, { payload: { $ref: string } }>; schemas: Record<string, Record<string, unknown>> };
}

describe(buildAsyncApiDocument.name, () => {
  const sut = buildAsyncApiDocument;
  const doc = sut() as unknown as Document;

  /** Follows a local `#/a/b` reference, and the reference it lands on, if any. */
  const resolve = (ref: string): unknown => {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
    const next = (target as { $ref?: unknown } | undefined)?.$ref;
    return typeof next === 'string' ? resolve(next) : target;
  };

  it('is AsyncAPI 3.0 with one channel and one operation per message kind, plus the live feed', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.keys(doc.channels)).toHaveLength(MESSAGE_KINDS.length + 1);
    expect(Object.keys(doc.operations)).toHaveLength(MESSAGE_KINDS.length + 2);
  });

  it('describes the live feed at /ws with every server message and the ping, from the live/v1 schemas', () => {
    const channel = doc.channels.liveFeed as Channel & { servers: { $ref: string }[] };
    expect(channel.address).toBe('/ws');
    expect(resolve(channel.servers[0]?.$ref ?? '')).toMatchObject({ protocol: 'ws' });
    const sent = Object.values(doc.operations).find((op) => op.channel.$ref === '#/channels/liveFeed' && op.action === 'send');
    const payloads = (sent?.messages ?? []).map((ref) => resolve((resolve(ref.$ref) as { payload: { $ref: string } }).payload.$ref) as { properties: { type: { const: string } } });
    expect(payloads.map((p) => p.properties.type.const).sort()).toEqual(ServerMessage.anyOf.map((m) => m.properties.type.const).sort());
    expect(JSON.stringify(doc)).not.toContain('"$id"');
  });

  it('keeps the MQTT channels on the broker', () => {
    const mqttChannels = Object.entries(doc.channels).filter(([name]) => name !== 'liveFeed');
    for (const [, channel] of mqttChannels) expect((channel as unknown as { servers: unknown }).servers).toEqual([{ $ref: '#/servers/centre' }]);
  });

  it('resolves every $ref', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve(JSON.parse(`{${ref}}`).$ref as string)).toBeDefined();
  });

  it.each(MESSAGE_KINDS)('describes %s with its topic, direction, QoS, retain flag and schema', (kind) => {
    const route = MESSAGE_ROUTES[kind];
    const [, operation] = Object.entries(doc.operations).find(([, op]) => {
      const channel = resolve(op.channel.$ref) as Channel;
      return parseTopic(channel.address.replace(/\{[^}]+\}/, 'dev1'))?.kind === kind;
    }) ?? [undefined, undefined];
    expect(operation).toBeDefined();
    if (!operation) return;
    const channel = resolve(operation.channel.$ref) as Channel;
    const parameter = /\{([^}]+)\}/.exec(channel.address)?.[1] ?? '';
    expect(Object.keys(channel.parameters)).toEqual([parameter]);
    expect(operation.action).toBe(route.direction === 'device-to-centre' ? 'receive' : 'send');
    expect(operation.bindings.mqtt).toMatchObject({ qos: route.qos, retain: route.retained });
    const [messageRef] = operation.messages;
    const message = resolve(messageRef?.$ref ?? '') as { payload: { $ref: string } };
    const { $id: _id, ...expected } = JSON.parse(JSON.stringify(SCHEMAS[kind])) as Record<string, unknown>;
    expect(resolve(message.payload.$ref)).toEqual(expected);
  });

  it('names plan/ack as the reply to a plan', () => {
    const sendPlan = Object.values(doc.operations).find((op) => op.action === 'send');
    expect((resolve(sendPlan?.reply?.channel.$ref ?? '') as Channel).address).toBe('arterial/v1/controllers/{intersectionId}/plan/ack');
  });
});

describe(renderAsyncApiYaml.name, () => {
  it('renders YAML that parses back to the document', () => {
    expect(parse(renderAsyncApiYaml())).toEqual(buildAsyncApiDocument());
  });
});
