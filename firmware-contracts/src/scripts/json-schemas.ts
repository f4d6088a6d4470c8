/** Plain JSON Schema documents from the TypeBox schemas: what firmware teams validate against in any language. */
import type { TSchema } from '@sinclair/typebox';
import { SCHEMAS } from '../mqtt/v1/validators';
import type { MessageKind } from '../mqtt/v1/topics';

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** The schema as plain JSON; TypeBox's symbol keys drop out in the round trip. */
export function plainSchema(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/** A standalone JSON Schema file for one message kind. */
export function jsonSchemaDocument(kind: MessageKind): Record<string, unknown> {
  return { $schema: JSON_SCHEMA_DIALECT, ...plainSchema(SCHEMAS[kind]) };
}
