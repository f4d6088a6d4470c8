/** REST of the indicator centre: stored KPI buckets and detector data quality. */
import { getJson } from './api-client';
import type { DetectorQuality, KpiSeries } from './types';

export interface KpiRange {
  fromMs: number;
  toMs: number;
  stepS: number;
}

export function fetchKpiSeries(areaId: string, range: KpiRange, signal?: AbortSignal): Promise<KpiSeries> {
  const query = new URLSearchParams({ from: String(Math.floor(range.fromMs)), to: String(Math.floor(range.toMs)), step: String(range.stepS), area: areaId });
  return getJson<KpiSeries>(`/api/kpis?${query.toString()}`, signal);
}

export function fetchDetectorQuality(detectorId: string, signal?: AbortSignal): Promise<DetectorQuality> {
  return getJson<DetectorQuality>(`/api/detectors/${encodeURIComponent(detectorId)}/quality`, signal);
}
