/**
 * Server data of the intersection panel through the app's one query cache. Control data (plans, overrides, audit)
 * is refetched whenever the live feed reports a control event or override change for the junction, so the panel
 * is live without polling.
 */
import type { AuditList, DetectorPredictionAnswer, DetectorSeries, OverrideList, PlanList } from '@arterial/contracts/api/v1';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
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

function fetchSeries(detectorId: string, to: number, signal: AbortSignal): Promise<DetectorSeries> {
  const query = new URLSearchParams({ from: String(to - HISTORY_SPAN_MS), to: String(to), step: String(HISTORY_STEP_S) });
  return getJson<DetectorSeries>(`/api/detectors/${path(detectorId)}/series?${query.toString()}`, signal);
}

/**
 * The hour up to now, refreshed each minute; in replay (`replayToMs`, a whole minute) the hour up to that time,
 * cached by it (recorded history does not change) and keeping the last chart while the next window loads.
 */
export function useDetectorSeries(detectorId: string, replayToMs: number | null = null) {
  const live = useQuery({
    queryKey: controlKeys.series(detectorId),
    enabled: replayToMs === null,
    staleTime: 60_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) => fetchSeries(detectorId, Date.now(), signal),
  });
  const replay = useQuery({
    queryKey: [...controlKeys.series(detectorId), 'replay', replayToMs] as const,
    enabled: replayToMs !== null,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => fetchSeries(detectorId, replayToMs ?? Date.now(), signal),
  });
  return replayToMs === null ? live : replay;
}

/** The latest prediction; `enabled` false in replay, where the route has no past predictions to give. */
export function useDetectorPrediction(detectorId: string, enabled = true) {
  return useQuery({
    queryKey: controlKeys.prediction(detectorId),
    enabled,
    staleTime: 60_000,
    refetchInterval: 60_000,
    queryFn: ({ signal }) => getJson<DetectorPredictionAnswer>(`/api/detectors/${path(detectorId)}/prediction`, signal),
  });
}

export function useDetectorQuality(detectorId: string, enabled = true) {
  return useQuery({ queryKey: queryKeys.detectorQuality(detectorId), enabled, queryFn: ({ signal }) => fetchDetectorQuality(detectorId, signal) });
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
