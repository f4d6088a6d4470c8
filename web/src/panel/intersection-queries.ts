/**
 * Server data of the intersection panel through the app's one query cache. Control data (plans, overrides, audit)
 * is refetched whenever the live feed reports a control event or override change for the junction, so the panel
 * is live without polling.
 */
import type { AuditList, DetectorPredictionAnswer, DetectorSeries, OverrideList, PlanList } from '@arterial/contracts/api/v1';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { getJson } from '../api/api-client';
import { fetchDetectorQuality } from '../api/kpis-api';
import { queryKeys } from '../api/query-client';
import { useLiveControlEvents, useLiveOverrides } from '../live/live-hooks';

const path = (id: string) => encodeURIComponent(id);

export const controlKeys = {
  plans: (intersectionId: string) => ['control', 'plans', intersectionId] as const,
  overrides: (intersectionId: string) => ['control', 'overrides', intersectionId] as const,
  audit: (intersectionId: string) => ['control', 'audit', intersectionId] as const,
  series: (detectorId: string) => ['history', 'detector', detectorId] as const,
  prediction: (detectorId: string) => ['prediction', 'detector', detectorId] as const,
};

/** One hour of history in one-minute buckets: the span the prediction's first horizons continue. */
export const HISTORY_SPAN_MS = 3_600_000;
export const HISTORY_STEP_S = 60;

export function usePlans(intersectionId: string) {
  return useQuery({ queryKey: controlKeys.plans(intersectionId), queryFn: ({ signal }) => getJson<PlanList>(`/api/intersections/${path(intersectionId)}/plans`, signal) });
}

export function useOverrideList(intersectionId: string) {
  return useQuery({
    queryKey: controlKeys.overrides(intersectionId),
    queryFn: ({ signal }) => getJson<OverrideList>(`/api/intersections/${path(intersectionId)}/overrides`, signal),
  });
}

/** Engineers and admins only (the route's minRole); `enabled` keeps lower roles from asking for a 403. */
export function useAudit(intersectionId: string, enabled: boolean) {
  return useQuery({
    queryKey: controlKeys.audit(intersectionId),
    enabled,
    queryFn: ({ signal }) => getJson<AuditList>(`/api/audit?intersectionId=${path(intersectionId)}&limit=50`, signal),
  });
}

export function useDetectorSeries(detectorId: string) {
  return useQuery({
    queryKey: controlKeys.series(detectorId),
    staleTime: 60_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) => {
      const to = Date.now();
      const query = new URLSearchParams({ from: String(to - HISTORY_SPAN_MS), to: String(to), step: String(HISTORY_STEP_S) });
      return getJson<DetectorSeries>(`/api/detectors/${path(detectorId)}/series?${query.toString()}`, signal);
    },
  });
}

export function useDetectorPrediction(detectorId: string) {
  return useQuery({
    queryKey: controlKeys.prediction(detectorId),
    staleTime: 60_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) => getJson<DetectorPredictionAnswer>(`/api/detectors/${path(detectorId)}/prediction`, signal),
  });
}

export function useDetectorQuality(detectorId: string) {
  return useQuery({ queryKey: queryKeys.detectorQuality(detectorId), queryFn: ({ signal }) => fetchDetectorQuality(detectorId, signal) });
}

/** Refetches the junction's control data when the live feed reports a change for it. */
export function useLiveControlRefresh(intersectionId: string): void {
  const client = useQueryClient();
  const events = useLiveControlEvents(intersectionId);
  const overrides = useLiveOverrides(intersectionId);
  const first = useRef(true);
  useEffect(() => {
    // The first render fetches anyway.
    if (first.current) {
      first.current = false;
      return;
    }
    void client.invalidateQueries({ queryKey: ['control'], predicate: (q) => q.queryKey[2] === intersectionId });
  }, [client, intersectionId, events, overrides]);
}
