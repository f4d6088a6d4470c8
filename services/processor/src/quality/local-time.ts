/**
 * Local calendar for days and times of day. Daily quality, the daytime diagnosis window and time-of-day profiles are
 * about the city's clock, not UTC; the offset comes from configuration (China: +480 min, no daylight saving).
 */
const MINUTE_MS = 60_000;
const DAY_MIN = 1440;

/** A sample is placed by the middle of its interval, so a 15-min aggregate ending at 00:05 belongs to the day before. */
export function intervalMidMs(tsMs: number, intervalS: number): number {
  return tsMs - intervalS * 500;
}

export function localMinuteOfDay(tsMs: number, utcOffsetMin: number): number {
  const m = Math.floor(tsMs / MINUTE_MS) + utcOffsetMin;
  return ((m % DAY_MIN) + DAY_MIN) % DAY_MIN;
}

const DAY_MS = DAY_MIN * MINUTE_MS;

/**
 * The last day key formatted, with the epoch range [fromMs, toMs) it covers for its offset. Quality asks for the day of
 * every sample, and nearly all of them fall in the same day as the one before: formatting a Date each time was a hot
 * spot of replay.
 */
let lastDay = { utcOffsetMin: Number.NaN, fromMs: 0, toMs: 0, key: '' };

/** Local calendar day as `YYYY-MM-DD`. */
export function localDayKey(tsMs: number, utcOffsetMin: number): string {
  if (utcOffsetMin === lastDay.utcOffsetMin && tsMs >= lastDay.fromMs && tsMs < lastDay.toMs) return lastDay.key;
  const key = new Date(tsMs + utcOffsetMin * MINUTE_MS).toISOString().slice(0, 10);
  // local days are whole multiples of 24 h of local epoch time (no leap seconds in epoch ms, no daylight saving)
  const fromMs = Math.floor((tsMs + utcOffsetMin * MINUTE_MS) / DAY_MS) * DAY_MS - utcOffsetMin * MINUTE_MS;
  lastDay = { utcOffsetMin, fromMs, toMs: fromMs + DAY_MS, key };
  return key;
}

/** 0 = Sunday … 6 = Saturday, local. */
export function localDayOfWeek(tsMs: number, utcOffsetMin: number): number {
  // as Date#getUTCDay of the local time, without a Date: day 0 of the epoch (1 January 1970) was a Thursday
  const day = Math.floor((tsMs + utcOffsetMin * MINUTE_MS) / DAY_MS);
  return (((day + 4) % 7) + 7) % 7;
}

/** Start of the local day `dayKey`, epoch ms. */
export function localDayStartMs(dayKey: string, utcOffsetMin: number): number {
  return Date.parse(`${dayKey}T00:00:00Z`) - utcOffsetMin * MINUTE_MS;
}
