/** Every detector's daily quality over a range of days: one cached query (the route answers the whole matrix). */
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { DailyQualityAnswer } from '@arterial/contracts/api/v1';
import { fetchDailyQuality, type QualityDayRange } from './quality-history-api';

export function useDailyQuality(range: QualityDayRange, enabled: boolean): UseQueryResult<DailyQualityAnswer> {
  return useQuery({
    queryKey: ['quality', 'daily', range.from ?? null, range.to ?? null] as const,
    queryFn: ({ signal }) => fetchDailyQuality(range, signal),
    enabled,
    // Past days are final; today's column changes once per estimation step at most.
    staleTime: 60_000,
  });
}
