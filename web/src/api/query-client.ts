/**
 * The app's one TanStack Query client and the keys every view shares. Live data reaches the cache through the
 * /ws feed (live-cache-sync.ts), so queries do not poll: they refetch on reconnect and when a view asks.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again; a network blip or a 5xx may.
        retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

/** Query keys in one place, so live updates and views address the same entries. */
export const queryKeys = {
  alerts: ['alerts'] as const,
  kpiSeries: (areaId: string, fromMs: number, toMs: number, stepS: number) => ['kpis', 'series', areaId, fromMs, toMs, stepS] as const,
  kpiSeriesAll: ['kpis', 'series'] as const,
  /** The latest interval's KPIs per area, as the live feed last sent them. */
  kpiLatest: ['kpis', 'latest'] as const,
  detectorQuality: (detectorId: string) => ['quality', detectorId] as const,
  authMe: ['auth', 'me'] as const,
};
