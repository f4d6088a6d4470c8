/** KPI data: the live latest interval (from the /ws feed, via the cache) and stored buckets over a range. */
import { keepPreviousData, skipToken, useQueries, useQuery } from '@tanstack/react-query';
import { fetchKpiSeries } from '../api/kpis-api';
import type { LatestKpis } from '../api/live-cache-sync';
import { queryKeys } from '../api/query-client';
import type { ResolvedRange } from './kpi-range';

/** Only the live feed writes this entry; nothing is fetched. */
export function useLatestKpis(): LatestKpis | undefined {
  return useQuery<LatestKpis>({ queryKey: queryKeys.kpiLatest, queryFn: skipToken }).data;
}

export function useKpiSeries(areaId: string, range: ResolvedRange) {
  return useQuery({
    queryKey: queryKeys.kpiSeries(areaId, range.fromMs, range.toMs, range.stepS),
    queryFn: ({ signal }) => fetchKpiSeries(areaId, range, signal),
    // The range moves once a step: keep drawing the previous answer while the next one loads.
    placeholderData: keepPreviousData,
  });
}

export function useDistrictSeries(areaIds: readonly string[], range: ResolvedRange) {
  return useQueries({
    queries: areaIds.map((areaId) => ({
      queryKey: queryKeys.kpiSeries(areaId, range.fromMs, range.toMs, range.stepS),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchKpiSeries(areaId, range, signal),
      placeholderData: keepPreviousData,
    })),
    // Structurally shared, so the answer keeps its identity until some series really changes.
    combine: (results) => results.map((r) => r.data).filter((s) => s !== undefined),
  });
}
