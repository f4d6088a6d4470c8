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

/** Local calendar day as `YYYY-MM-DD`. */
export function localDayKey(tsMs: number, utcOffsetMin: number): string {
  return new Date(tsMs + utcOffsetMin * MINUTE_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, local. */
export function localDayOfWeek(tsMs: number, utcOffsetMin: number): number {
  return new Date(tsMs + utcOffsetMin * MINUTE_MS).getUTCDay();
}

/** Start of the local day `dayKey`, epoch ms. */
export function localDayStartMs(dayKey: string, utcOffsetMin: number): number {
  return Date.parse(`${dayKey}T00:00:00Z`) - utcOffsetMin * MINUTE_MS;
}
