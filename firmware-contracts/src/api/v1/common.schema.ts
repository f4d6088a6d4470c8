/** Building blocks shared by the REST schemas: ids in paths, times in query strings, the error body. */
import { Type, type Static } from '@sinclair/typebox';
import { ID_PATTERN } from '../../mqtt/v1/schemas';
import { PlanViolation } from '../../network/plan-violation.schema';

export const EpochMs = (description: string) => Type.Integer({ description: `${description} (Unix epoch, milliseconds, UTC).` });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** `{id}` in a path: the same grammar as ids in MQTT topics. */
export const IdParams = (what: string) =>
  Type.Object({ id: Type.String({ pattern: ID_PATTERN, description: `${what} id; matches ${ID_PATTERN}.` }) }, { additionalProperties: false });

/** Digits (epoch ms) or an ISO-8601 date or date-time, e.g. `1735689600000`, `2025-01-01`, `2025-01-01T08:00:00Z`. */
export const TIME_PATTERN = '^(-?[0-9]{1,16}|[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)$';

/** A date-only or zone-less ISO time is read as UTC (Date.parse reads a zone-less date-time as local time). */
function timeToEpochMs(text: string): number {
  if (/^-?[0-9]+$/.test(text)) return Number(text);
  const zoned = /T.*(Z|[+-][0-9]{2}:?[0-9]{2})$/.test(text) || !text.includes('T') ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  if (!Number.isFinite(ms)) throw new Error(`${JSON.stringify(text)} is not a valid time`);
  return ms;
}

/**
 * A time in a query string: epoch milliseconds or ISO-8601 on the wire, decoded to epoch milliseconds.
 * `TypeCompiler`'s `Decode` (or `Value.Decode`) runs the conversion; it throws on impossible dates such as `2025-13-01`.
 */
export const QueryTime = (description: string) =>
  Type.Transform(Type.String({ pattern: TIME_PATTERN, description: `${description}: epoch milliseconds or ISO-8601 (UTC unless a zone is given).` }))
    .Decode(timeToEpochMs)
    .Encode((ms) => String(ms));

export const ApiError = Type.Object(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599, description: 'The HTTP status, repeated.' }),
    error: Type.String({ description: 'Short name of the error: the HTTP reason phrase ("Bad Request") or the domain error ("UnsafePlanError").' }),
    message: Type.String({ description: 'What was wrong, for people.' }),
    path: Type.Optional(
      Type.String({
        description: 'Where the bad input is, as a JSON Pointer into `{ params, query, body }`, e.g. `/query/step` or `/body/splits/0/greenS`.',
      }),
    ),
    violations: Type.Optional(Type.Array(PlanViolation, { description: 'Every safety rule the plan broke (422 only).' })),
  },
  { $id: 'arterial/api/v1/ApiError', title: 'Error', description: 'Body of every 4xx and 5xx answer.' },
);
export type ApiError = Static<typeof ApiError>;
