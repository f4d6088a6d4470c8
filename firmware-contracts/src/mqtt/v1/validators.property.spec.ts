/**
 * Properties of the v1 validators over generated input: nothing throws, every valid payload passes, every
 * single-field mutation derived from the schema's own bounds is rejected with a stable code. A failure
 * prints fast-check's seed and path; replay it with `fc.assert(..., { seed, path })` and keep the shrunk
 * case as a regular spec in validators.spec.ts.
 */
import fc from 'fast-check';
import type { TSchema } from '@sinclair/typebox';
import { FIXTURE_NOW_MS } from '../../testing/fixtures';
import { MAX_CLOCK_SKEW_MS, MAX_PAYLOAD_BYTES } from './schemas';
import { buildTopic, MESSAGE_KINDS, parseTopic, type MessageKind } from './topics';
import { validPayloadArb, idArb } from './v1-payload.arbitraries';
import { decodeMessage, REJECT_REASONS, SCHEMAS, validatePayload, type RejectReason } from './validators';

const NOW = FIXTURE_NOW_MS;
const options = { nowMs: NOW };
const RUNS = { numRuns: 500 };

type Json = Record<string, unknown>;
type Mutation = { name: string; apply(payload: Json): void };

/** A path into a payload: property names and array indexes. */
type Path = (string | number)[];

function parentOf(payload: Json, path: Path): Json {
  return path.slice(0, -1).reduce<Json>((node, key) => node[key] as Json, payload);
}

/** Leaves every payload has: required properties, and those of the first item of required arrays of objects. */
function fieldPaths(schema: TSchema, prefix: Path = []): { path: Path; schema: TSchema; required: boolean }[] {
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  return Object.entries(schema.properties as Record<string, TSchema>).flatMap(([key, property]) => {
    const here = { path: [...prefix, key], schema: property, required: required.has(key) };
    const items = property.items as TSchema | undefined;
    const nested = property.type === 'array' && items?.type === 'object' && required.has(key) ? fieldPaths(items, [...prefix, key, 0]) : [];
    return [here, ...nested];
  });
}

const set = (path: Path, value: unknown): ((payload: Json) => void) => (payload) => {
  parentOf(payload, path)[path[path.length - 1]!] = value;
};

/** Values of another JSON type than the field's. */
function wrongTypes(schema: TSchema): unknown[] {
  const type = schema.type as string | undefined;
  if (type === 'integer' || type === 'number') return ['12', null, true, [], {}];
  if (type === 'string') return [7, null, false, ['a'], {}];
  if (type === 'boolean') return ['true', 0, null, []];
  if (type === 'array') return [{}, 'x', 1, null];
  if (type === 'object') return [[], 'x', 1, null];
  return [1, null, true, {}]; // unions of string literals
}

/** Values of the field's type that its bounds exclude. */
function outOfRange(schema: TSchema): unknown[] {
  const out: unknown[] = [];
  const s = schema as TSchema & Record<string, number | string | undefined>;
  // The smallest step that still changes the value (epoch milliseconds are far beyond 1e-6's precision).
  const step = (bound: number) => Math.max(1e-9, Math.abs(bound) * 1e-15);
  if (typeof s.minimum === 'number') out.push(s.minimum - 1, s.minimum - step(s.minimum));
  if (typeof s.exclusiveMinimum === 'number') out.push(s.exclusiveMinimum);
  if (typeof s.maximum === 'number') out.push(s.maximum + 1, s.maximum + step(s.maximum));
  if (s.type === 'integer' && typeof s.minimum === 'number') out.push(s.minimum + 0.5);
  if (s.type === 'number' || s.type === 'integer') out.push(Number.NaN, Number.POSITIVE_INFINITY);
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push('');
  if (typeof s.maxLength === 'number') out.push('x'.repeat(s.maxLength + 1));
  if (typeof s.pattern === 'string') out.push('has space', 'a/b', 'x'.repeat(65), '#');
  if (typeof s.minItems === 'number' && s.minItems > 0) out.push([]);
  if (Array.isArray(schema.anyOf)) out.push('not-a-member', '');
  return out;
}

function schemaMutations(kind: MessageKind): Mutation[] {
  return fieldPaths(SCHEMAS[kind]).flatMap(({ path, schema, required }) => {
    const at = `/${path.join('/')}`;
    const mutations: Mutation[] = [...wrongTypes(schema), ...outOfRange(schema)].map((value) => ({ name: `${at} = ${JSON.stringify(value)}`, apply: set(path, value) }));
    if (required) mutations.push({ name: `${at} missing`, apply: (p) => delete parentOf(p, path)[path[path.length - 1]!] });
    if (typeof schema.maxItems === 'number') {
      const maxItems = schema.maxItems;
      // One item more than allowed, each a copy of the first so only the count is wrong.
      mutations.push({ name: `${at} with ${maxItems + 1} items`, apply: (p) => set(path, Array.from({ length: maxItems + 1 }, () => (p[path[0]!] as unknown[])[0]))(p) });
    }
    return mutations;
  });
}

const reasonOf = (result: { ok: boolean; reason?: RejectReason }) => (result.ok ? 'ok' : result.reason);
const clone = <T>(value: T): T => structuredClone(value);

describe(`${validatePayload.name} (properties)`, () => {
  const sut = validatePayload;

  describe.each(MESSAGE_KINDS)('%s', (kind) => {
    it('accepts every payload generated from the schema and the cross-field rules, returning it unchanged', () => {
      fc.assert(
        fc.property(validPayloadArb(kind, NOW), (payload) => {
          const result = sut(kind, clone(payload), options);
          expect(result).toEqual({ ok: true, payload });
        }),
        RUNS,
      );
    });

    it('accepts unknown extra properties (v1 only grows by optional fields, so older centres must tolerate newer devices)', () => {
      fc.assert(
        fc.property(validPayloadArb(kind, NOW), fc.stringMatching(/^x[A-Za-z]{1,12}$/), fc.jsonValue(), (payload, key, value) => {
          expect(reasonOf(sut(kind, { ...clone(payload), [key]: value }, options))).toBe('ok');
        }),
        { numRuns: 200 },
      );
    });

    const mutations = schemaMutations(kind);
    it.each(mutations.map((m) => [m.name, m] as const))('rejects %s as schema, naming the field', (_name, mutation) => {
      const field = mutation.name.split(/[ =]/)[0]!;
      fc.assert(
        fc.property(validPayloadArb(kind, NOW), (payload) => {
          const mutated = clone(payload) as Json;
          mutation.apply(mutated);
          const result = sut(kind, mutated, options);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.reason).toBe('schema');
          expect(result.detail).toContain(field);
        }),
        { numRuns: 30 },
      );
    });

    it('rejects a timestamp beyond the allowed clock skew as future-timestamp', () => {
      const field = kind === 'plan' || kind === 'command' ? 'issuedAt' : 'ts';
      fc.assert(
        fc.property(validPayloadArb(kind, NOW), fc.integer({ min: 1, max: 3600_000 }), (payload, aheadMs) => {
          const future = { ...clone(payload), [field]: NOW + MAX_CLOCK_SKEW_MS + aheadMs } as Json;
          if (field === 'issuedAt') future.expiresAt = (future.issuedAt as number) + ((payload as Json).expiresAt as number) - ((payload as Json).issuedAt as number);
          expect(reasonOf(sut(kind, future, options))).toBe('future-timestamp');
        }),
        RUNS,
      );
    });

    it('never throws on arbitrary JSON values, and rejects them with a known reason', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const result = sut(kind, value, options);
          if (!result.ok) expect(REJECT_REASONS).toContain(result.reason);
        }),
        { numRuns: 1000 },
      );
    });
  });

  /** Breaks of the cross-field rules, each applied to a generated valid payload. */
  const semanticBreaks: { kind: MessageKind; name: string; arb: fc.Arbitrary<Json> }[] = [
    { kind: 'state', name: 'cycleSecond ≥ cycleS', arb: validPayloadArb('state', NOW).filter((p) => p.cycleS > 0).map((p) => ({ ...p, cycleSecond: p.cycleS })) },
    { kind: 'state', name: 'no cycle in a coordinated mode', arb: validPayloadArb('state', NOW).map((p) => ({ ...p, mode: 'fixed', cycleS: 0, cycleSecond: 0 })) },
    { kind: 'state', name: 'a phase listed twice', arb: validPayloadArb('state', NOW).filter((p) => p.phases.length < 32).map((p) => ({ ...p, phases: [...p.phases, p.phases[0]!] })) },
    { kind: 'plan', name: 'expiresAt ≤ issuedAt', arb: validPayloadArb('plan', NOW).map((p) => ({ ...p, expiresAt: p.issuedAt })) },
    { kind: 'plan', name: 'offsetS ≥ cycleS', arb: validPayloadArb('plan', NOW).map((p) => ({ ...p, offsetS: p.cycleS })) },
    { kind: 'plan', name: 'a green as long as the cycle', arb: validPayloadArb('plan', NOW).filter((p) => p.cycleS <= 300).map((p) => ({ ...p, splits: [{ phase: p.splits[0]!.phase, greenS: p.cycleS }, ...p.splits.slice(1)] })) },
    { kind: 'plan', name: 'a split listed twice', arb: validPayloadArb('plan', NOW).filter((p) => p.splits.length < 32).map((p) => ({ ...p, splits: [...p.splits, p.splits[0]!] })) },
    { kind: 'plan', name: 'a coordinated phase without a split', arb: validPayloadArb('plan', NOW).filter((p) => p.splits.length < 32).map((p) => ({ ...p, coordinatedPhase: [...Array(32).keys()].map((i) => i + 1).find((ph) => !p.splits.some((s) => s.phase === ph)) })) },
    { kind: 'plan-ack', name: 'a refusal without a reason', arb: validPayloadArb('plan-ack', NOW).map(({ reason: _reason, ...p }) => ({ ...p, accepted: false })) },
    { kind: 'command', name: 'hold-phase without a phase', arb: validPayloadArb('command', NOW).filter((p) => p.action === 'hold-phase').map(({ phase: _phase, ...p }) => p) },
    { kind: 'command', name: 'a phase on flash or resume', arb: validPayloadArb('command', NOW).filter((p) => p.action !== 'hold-phase').map((p) => ({ ...p, phase: 2 })) },
    { kind: 'command', name: 'a hold longer than allowed', arb: validPayloadArb('command', NOW).filter((p) => p.action === 'hold-phase').map((p) => ({ ...p, expiresAt: p.issuedAt + 301_000 })) },
    { kind: 'command-ack', name: 'a refusal without a reason', arb: validPayloadArb('command-ack', NOW).map(({ reason: _reason, ...p }) => ({ ...p, accepted: false })) },
  ];

  it.each(semanticBreaks.map((b) => [b.kind, b.name, b.arb] as const))('rejects a %s with %s as semantic', (kind, _name, arb) => {
    fc.assert(
      fc.property(arb, (payload) => {
        expect(reasonOf(sut(kind, payload, options))).toBe('semantic');
      }),
      { numRuns: 300 },
    );
  });
});

describe(`${decodeMessage.name} (properties)`, () => {
  const sut = decodeMessage;
  const kindArb = fc.constantFrom(...MESSAGE_KINDS);
  const encoder = new TextEncoder();

  it('decodes every valid message, sent as text or bytes, to its kind, device and payload', () => {
    fc.assert(
      fc.property(
        kindArb.chain((kind) => fc.tuple(fc.constant(kind), idArb, validPayloadArb(kind, NOW), fc.boolean())),
        ([kind, deviceId, payload, asBytes]) => {
          const text = JSON.stringify(payload);
          const result = sut(buildTopic(kind, deviceId), asBytes ? encoder.encode(text) : text, options);
          expect(result).toEqual({ ok: true, kind, deviceId, payload });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary topics and bytes; anything off the topic grammar is bad-topic', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), fc.uint8Array({ maxLength: 256 }), (topic, raw) => {
        const result = sut(topic, raw, options);
        expect(REJECT_REASONS).toContain(reasonOf(result));
        if (!parseTopic(topic)) expect(reasonOf(result)).toBe('bad-topic');
      }),
      { numRuns: 10000 },
    );
  });

  it('never throws on arbitrary payloads on valid topics, and names one known reason', () => {
    const payloadArb = fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.string({ unit: 'binary', maxLength: 512 }), fc.jsonValue().map((v) => JSON.stringify(v) ?? ''));
    fc.assert(
      fc.property(kindArb, idArb, payloadArb, (kind, id, raw) => {
        const result = sut(buildTopic(kind, id), raw, options);
        expect(result.ok ? 'ok' : result.reason).not.toBe('bad-topic');
        if (!result.ok) expect(REJECT_REASONS).toContain(result.reason);
      }),
      { numRuns: 4000 },
    );
  });

  it('never throws on byte-level mutations of valid messages (flips, truncation, duplication)', () => {
    const mutationArb = fc.record({ at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }), how: fc.constantFrom('flip', 'truncate', 'duplicate', 'invalid-utf8') });
    fc.assert(
      fc.property(kindArb.chain((kind) => fc.tuple(fc.constant(kind), validPayloadArb(kind, NOW))), mutationArb, ([kind, payload], m) => {
        const bytes = encoder.encode(JSON.stringify(payload));
        const at = m.at % bytes.length;
        let mutated: Uint8Array;
        if (m.how === 'flip') (mutated = bytes.slice())[at] = bytes[at]! ^ (1 << m.bit);
        else if (m.how === 'truncate') mutated = bytes.slice(0, at);
        else if (m.how === 'duplicate') mutated = new Uint8Array([...bytes, ...bytes.slice(at)]);
        else (mutated = bytes.slice())[at] = 0xff;
        const result = sut(buildTopic(kind, 'dev-1'), mutated, options);
        expect(REJECT_REASONS.concat(['ok' as RejectReason])).toContain(reasonOf(result));
        if (m.how === 'invalid-utf8') expect(reasonOf(result)).toBe('bad-encoding');
      }),
      { numRuns: 10000 },
    );
  });

  it('rejects anything over the size limit as oversize before parsing it', () => {
    fc.assert(
      fc.property(kindArb, fc.integer({ min: 1, max: 4096 }), fc.constantFrom('a', 'é', '😀'), (kind, extra, char) => {
        const text = char.repeat(Math.ceil((MAX_PAYLOAD_BYTES + extra) / encoder.encode(char).length));
        expect(reasonOf(sut(buildTopic(kind, 'dev-1'), text, options))).toBe('oversize');
      }),
      { numRuns: 300 },
    );
  });
});
