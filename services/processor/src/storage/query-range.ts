/** The time range a history request asks for: `to` defaults to now, `from` to `defaultSpanMs` before `to`. */
import type { TimeRange } from './time-series-store';

export function queryRange(query: { from?: number; to?: number }, nowMs: number, defaultSpanMs: number): TimeRange {
  const toMs = query.to ?? nowMs;
  return { fromMs: query.from ?? toMs - defaultSpanMs, toMs };
}
