/**
 * Validates one part of a request (path params, query string or body) against its schema in `@arterial/contracts/api/v1`
 * and hands the controller the decoded value, typed from the same schema. Bad input gets a 400 with the contract's
 * error body, whose `path` points at the failing field (`/query/step`, `/body/splits/0/greenS`).
 */
import { BadRequestException, Body, Param, Query, type PipeTransform } from '@nestjs/common';
import type { ApiError } from '@arterial/contracts/api/v1';
import { TypeGuard, type StaticDecode, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { TransformDecodeError } from '@sinclair/typebox/value';

export type RequestPart = 'params' | 'query' | 'body';

/** Longest excerpt of a bad value quoted back in the message. */
const MAX_QUOTED_CHARS = 80;

function quote(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

export function badInput(path: string, message: string): BadRequestException {
  const body: ApiError = { statusCode: 400, error: 'Bad Request', message: `${path}: ${message}`, path };
  return new BadRequestException(body);
}

const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * Turns the text of the parameters the schema types as numbers into numbers; anything else is left for the check
 * to refuse. (TypeBox's Value.Convert would truncate "1.5" to the integer 1: a silently different request.)
 */
function numbersFromText(schema: TSchema, value: unknown): unknown {
  if (!TypeGuard.IsObject(schema) || typeof value !== 'object' || value === null) return value;
  const converted: Record<string, unknown> = { ...value };
  for (const [name, property] of Object.entries(schema.properties)) {
    const text = converted[name];
    if ((TypeGuard.IsNumber(property) || TypeGuard.IsInteger(property)) && typeof text === 'string' && NUMBER_TEXT.test(text)) converted[name] = Number(text);
  }
  return converted;
}

export class ContractPipe<T extends TSchema> implements PipeTransform<unknown, StaticDecode<T>> {
  private readonly check: TypeCheck<T>;

  constructor(
    private readonly part: RequestPart,
    private readonly schema: T,
  ) {
    this.check = TypeCompiler.Compile(schema);
  }

  transform(value: unknown): StaticDecode<T> {
    // Path params and query strings arrive as text; the schema says which of them are numbers. Bodies are JSON: no guessing.
    const input = this.part === 'body' ? value : numbersFromText(this.schema, value);
    const error = this.check.Errors(input).First();
    if (error) throw badInput(`/${this.part}${error.path}`, `${error.message}, got ${quote(error.value)}`);
    try {
      return this.check.Decode(input);
    } catch (thrown) {
      if (thrown instanceof TransformDecodeError) throw badInput(`/${this.part}${thrown.path}`, thrown.error.message);
      throw thrown;
    }
  }
}

/** `@Param()` checked against the route's params schema. */
export const ValidParams = (schema: TSchema) => Param(new ContractPipe('params', schema));
/** `@Query()` checked against the route's query schema. */
export const ValidQuery = (schema: TSchema) => Query(new ContractPipe('query', schema));
/** `@Body()` checked against the route's body schema. */
export const ValidBody = (schema: TSchema) => Body(new ContractPipe('body', schema));
