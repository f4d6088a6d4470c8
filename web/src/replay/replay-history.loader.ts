/** Loads recorded detector history for a replay from `GET /api/detectors/{id}/series`, a few requests at a time. */
import { fetchDetectorSeries } from '../api/api-client';
import type { DetectorSeries } from '../api/types';
import { buildHistory, type ReplayHistory } from './replay-frame';

/** Parallel requests: enough to hide latency, few enough not to starve the live feed's share of the server. */
const CONCURRENCY = 6;
/** Buckets over the range: fine enough to scrub minute by minute over a few hours, bounded for long ranges. */
const TARGET_BUCKETS = 720;
const STEPS_S = [10, 30, 60, 300, 900, 3600];

export function replayStepS(fromMs: number, toMs: number): number {
  const wanted = (toMs - fromMs) / 1000 / TARGET_BUCKETS;
  return STEPS_S.find((s) => s >= wanted) ?? 3600;
}

export async function loadReplayHistory(
  detectorIds: readonly string[],
  fromMs: number,
  toMs: number,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<ReplayHistory> {
  const stepS = replayStepS(fromMs, toMs);
  const series: DetectorSeries[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < detectorIds.length) {
      const id = detectorIds[next++] as string;
      series.push(await fetchDetectorSeries(id, { fromMs, toMs, stepS }, signal));
      done += 1;
      onProgress(done, detectorIds.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, detectorIds.length) }, worker));
  return buildHistory(fromMs, toMs, stepS, series);
}
