/**
 * Format of one firmware test vector file (vectors/<valid|invalid>/<kind>/<name>.json).
 * Like the payloads, the vector type is derived from its schema; the generator also publishes it as JSON Schema.
 */
import { Type, type Static } from '@sinclair/typebox';
import { REJECT_REASONS } from '../mqtt/v1/validators';

export const VectorExpectation = Type.Union(
  [
    Type.Object({ ok: Type.Literal(true) }, { additionalProperties: false }),
    Type.Object(
      { ok: Type.Literal(false), reason: Type.Union(REJECT_REASONS.map((reason) => Type.Literal(reason)), { description: 'Reject reason code decodeMessage must return.' }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'What the centre must answer for this message.' },
);
export type VectorExpectation = Static<typeof VectorExpectation>;

export const VectorFile = Type.Object(
  {
    description: Type.String({ minLength: 1, description: 'What the vector checks, in one sentence.' }),
    topic: Type.String({ description: 'MQTT topic the message is published on.' }),
    payload: Type.Optional(Type.String({ description: 'Exact payload text (UTF-8). Publish these characters as they are: it is often JSON, but need not be.' })),
    payloadBase64: Type.Optional(Type.String({ description: 'Exact payload bytes, base64; used instead of payload when the bytes are not valid UTF-8.' })),
    nowMs: Type.Integer({ description: "The centre's clock to validate against (Unix epoch, milliseconds, UTC)." }),
    expect: VectorExpectation,
  },
  {
    $id: 'arterial/vectors/VectorFile',
    title: 'Arterial contract test vector',
    description: 'One MQTT message and the verdict the centre must reach on it. Exactly one of payload and payloadBase64 is present.',
    additionalProperties: false,
  },
);
export type VectorFile = Static<typeof VectorFile>;
