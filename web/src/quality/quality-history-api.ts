/** `GET /api/quality/daily`: every detector's daily quality reports over a range of local days, in one request. */
import type { DailyQualityAnswer } from '@arterial/contracts/api/v1';
import { getJson } from '../api/api-client';

/** Local days `YYYY-MM-DD`, inclusive; either left out takes the server's default (the last 14 days up to today). */
export interface QualityDayRange {
  from?: string;
  to?: string;
}

export function fetchDailyQuality(range: QualityDayRange, signal?: AbortSignal): Promise<DailyQualityAnswer> {
  const query = new URLSearchParams();
  if (range.from !== undefined) query.set('from', range.from);
  if (range.to !== undefined) query.set('to', range.to);
  const text = query.toString();
  return getJson<DailyQualityAnswer>(`/api/quality/daily${text ? `?${text}` : ''}`, signal);
}
