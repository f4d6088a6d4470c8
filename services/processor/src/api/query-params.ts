/** Parsing of REST query parameters into typed values, with 400s that say what was wrong. */
import { BadRequestException } from '@nestjs/common';

/** Accepts epoch milliseconds or an ISO-8601 date; undefined when absent. */
export function parseTime(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const asNumber = Number(raw);
  const value = Number.isFinite(asNumber) ? asNumber : Date.parse(raw);
  if (!Number.isFinite(value)) throw new BadRequestException(`${name} must be epoch milliseconds or an ISO-8601 time, got ${JSON.stringify(raw)}`);
  return value;
}

export function parsePositiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new BadRequestException(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}
