/**
 * A detector's stored forecasts for the replayed hour (`GET /api/detectors/{id}/predictions`): those made up to the
 * replay time at one horizon, drawn at the time they were for, so the chart shows what was predicted against what was
 * measured, and the last ones run up to REPLAY_HORIZON_MIN past the replay time, as the live chart runs ahead.
 */
import type { DetectorPredictionHistory } from '@arterial/contracts/api/v1';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '../api/api-client';
import type { DetectorMetric, ForecastPoint } from './detector-chart-option';
import { HISTORY_SPAN_MS } from './intersection-queries';

/** The horizon replay draws: one of those the processor stores (5, 15, 30, 60 minutes). */
export const REPLAY_HORIZON_MIN = 15;

/** Forecasts made in [to − hour − horizon, to), so every one aimed at the hour shown, or just past it, is drawn. */
export function useStoredPredictions(detectorId: string, replayToMs: number | null) {
  return useQuery({
    queryKey: ['prediction', 'detector', detectorId, 'stored', REPLAY_HORIZON_MIN, replayToMs] as const,
    enabled: replayToMs !== null,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => {
      const to = replayToMs ?? 0;
      const query = new URLSearchParams({ from: String(to - HISTORY_SPAN_MS - REPLAY_HORIZON_MIN * 60_000), to: String(to), horizon: String(REPLAY_HORIZON_MIN) });
      return getJson<DetectorPredictionHistory>(`/api/detectors/${encodeURIComponent(detectorId)}/predictions?${query.toString()}`, signal);
    },
  });
}

/** Stored forecasts in the chart's unit (flow as vehicles per bucket of `stepS`), from `fromMs` on, by the time they were for. */
export function storedForecastPoints(answer: DetectorPredictionHistory | undefined, metric: DetectorMetric, stepS: number, fromMs: number): ForecastPoint[] {
  if (!answer) return [];
  const scale = metric === 'volume' ? stepS / 3600 : 1;
  const key = metric === 'volume' ? 'flowVph' : metric;
  return answer.forecasts.flatMap((f) => {
    const v = f[key];
    return v && f.targetTs >= fromMs ? [{ ts: f.targetTs, value: v.value * scale, lower: v.lower * scale, upper: v.upper * scale }] : [];
  });
}
