/**
 * The local days a daily-quality request covers (`GET /api/quality/daily`): `to` defaults to today, `from` to
 * DEFAULT_QUALITY_DAYS days up to `to`; at most MAX_QUALITY_DAYS. Day keys are calendar dates, so the arithmetic is
 * on UTC dates of the keys themselves and needs no offset.
 */
import { DEFAULT_QUALITY_DAYS, MAX_QUALITY_DAYS } from '@arterial/contracts/api/v1';
import { InvalidRangeError } from '../storage/storage.errors';

const DAY_MS = 86_400_000;

/** Every day key from `from` to `to` inclusive, oldest first; throws InvalidRangeError on a bad or too long range. */
export function qualityDays(query: { from?: string; to?: string }, today: string): string[] {
  const toMs = dayKeyMs(query.to ?? today, 'to');
  const fromMs = query.from !== undefined ? dayKeyMs(query.from, 'from') : toMs - (DEFAULT_QUALITY_DAYS - 1) * DAY_MS;
  if (fromMs > toMs) throw new InvalidRangeError(`from (${query.from}) must not be after to (${query.to ?? today})`);
  const count = (toMs - fromMs) / DAY_MS + 1;
  if (count > MAX_QUALITY_DAYS) throw new InvalidRangeError(`the range holds ${count} days; at most ${MAX_QUALITY_DAYS} allowed`);
  return Array.from({ length: count }, (_, i) => new Date(fromMs + i * DAY_MS).toISOString().slice(0, 10));
}

function dayKeyMs(key: string, name: string): number {
  const ms = Date.parse(`${key}T00:00:00Z`);
  // Date.parse accepts 2025-02-30 on some engines; the round trip refuses every day that does not exist
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== key) throw new InvalidRangeError(`${name} ${JSON.stringify(key)} is not a calendar day`);
  return ms;
}
