/**
 * Loads recorded history for a replay: every link's stored estimates (of the recorded history or of a replay run),
 * every junction's stored signal states and controller statuses in one request each (`GET /api/links/estimates`,
 * `GET /api/signal-states`, `GET /api/controller-status`), and each detector's series from `GET /api/detectors/{id}/series`, a few requests at a time.
 */
import { MAX_BULK_HISTORY_CELLS, type ControllerStatusHistory, type LinkEstimateHistory, type SignalStateHistory } from '@arterial/contracts/api/v1';
import { fetchDetectorSeries, getJson } from '../api/api-client';
import type { DetectorSeries } from '../api/types';
import type { NetworkIndex } from '../network/network-index';
import { statusSlots } from './replay-controllers';
import { bucketCount, buildHistory, type ReplayHistory } from './replay-frame';
import { signalSlots } from './replay-signals';
import { storedLinkSlots } from './replay-stored-links';

/** Requests besides the detectors' series: link estimates, signal states, controller statuses. */
export const BULK_REQUESTS = 3;
/** Parallel requests: enough to hide latency, few enough not to starve the live feed's share of the server. */
const CONCURRENCY = 6;
/** Buckets over the range: fine enough to scrub minute by minute over a few hours, bounded for long ranges. */
const TARGET_BUCKETS = 720;
const STEPS_S = [10, 30, 60, 300, 900, 3600, 21_600, 86_400];

/** A round step giving about TARGET_BUCKETS buckets, wider when the network is too big for the bulk routes' limit. */
export function replayStepS(fromMs: number, toMs: number, entities = 1): number {
  const spanS = (toMs - fromMs) / 1000;
  const wanted = Math.max(spanS / TARGET_BUCKETS, (spanS * Math.max(1, entities)) / MAX_BULK_HISTORY_CELLS);
  return STEPS_S.find((s) => s >= wanted && Math.ceil(spanS / s) * Math.max(1, entities) <= MAX_BULK_HISTORY_CELLS) ?? STEPS_S[STEPS_S.length - 1]!;
}

function bulkQuery(fromMs: number, toMs: number, stepS: number): string {
  return new URLSearchParams({ from: String(fromMs), to: String(toMs), step: String(stepS) }).toString();
}

export async function loadReplayHistory(
  network: NetworkIndex,
  range: { fromMs: number; toMs: number; source: string | null },
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<ReplayHistory> {
  const stepS = replayStepS(range.fromMs, range.toMs, Math.max(network.links.size, network.intersections.size) + 1);
  const stepMs = stepS * 1000;
  // Aligned to the step, as the server's buckets are (to the epoch), so bucket i of every series is the same.
  const fromMs = Math.floor(range.fromMs / stepMs) * stepMs;
  const toMs = range.toMs;
  const buckets = bucketCount(fromMs, toMs, stepS);
  const detectorIds = [...network.detectors.keys()];
  const total = detectorIds.length + BULK_REQUESTS;
  let done = 0;
  const progress = () => onProgress(++done, total);

  // A replay run holds results (estimates), not the device messages it replayed: detectors and signals stay the recording's.
  const linkQuery = bulkQuery(fromMs, toMs, stepS) + (range.source === null ? '' : `&source=${encodeURIComponent(range.source)}`);
  const links = getJson<LinkEstimateHistory>(`/api/links/estimates?${linkQuery}`, signal).finally(progress);
  // One bucket earlier: the first bucket shows the last state reported before it.
  const states = getJson<SignalStateHistory>(`/api/signal-states?${bulkQuery(fromMs - stepMs, toMs, stepS)}`, signal).finally(progress);
  // The same, and the answer names the last status before the range: status is sent on change, so it may be old.
  const statuses = getJson<ControllerStatusHistory>(`/api/controller-status?${bulkQuery(fromMs - stepMs, toMs, stepS)}`, signal).finally(progress);
  const series: DetectorSeries[] = [];
  let next = 0;
  const worker = async () => {
    while (next < detectorIds.length) {
      const id = detectorIds[next++] as string;
      series.push(await fetchDetectorSeries(id, { fromMs, toMs, stepS }, signal));
      progress();
    }
  };
  const [linkAnswer, stateAnswer, statusAnswer] = await Promise.all([links, states, statuses, Promise.all(Array.from({ length: Math.min(CONCURRENCY, detectorIds.length) }, worker))]);
  return buildHistory(fromMs, toMs, stepS, series, {
    source: range.source,
    storedLinks: storedLinkSlots(linkAnswer, fromMs, buckets),
    signals: signalSlots(stateAnswer, network, fromMs, buckets),
    statuses: statusSlots(statusAnswer, fromMs, buckets),
  });
}
