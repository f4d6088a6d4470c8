/**
 * What the map and panels show at one instant of a replay, from recorded history: detectors as the live feed would
 * report them (the REST series buckets), the link estimates the processor stored (replay-stored-links.ts) and the
 * signal states the controllers reported (replay-signals.ts). Pure functions.
 *
 * Where no link estimate was stored (the processor was not running, or stored none), link values are derived here
 * from the detectors, a simplification of the processor's estimation (docs/estimation.md) that the replay bar flags:
 * speed is the mean of the link's detectors' recorded mean speeds, TTI is taken against the speed limit (the
 * estimator's prior for free-flow speed) and the level uses GB/T 33171's arterial bounds.
 */
import type { GbtLevel } from '@arterial/contracts/api/v1';
import type { LinkLive } from '@arterial/contracts/live/v1';
import type { DetectorLive, DetectorSeries } from '../api/types';
import type { NetworkIndex } from '../network/network-index';
import type { SignalSlots } from './replay-signals';
import type { StatusSlots } from './replay-controllers';
import type { StoredLinkSlots } from './replay-stored-links';

/** Recorded history on one time axis: bucket starts, and per detector one value per bucket (NaN where none). */
export interface ReplayHistory {
  fromMs: number;
  toMs: number;
  stepS: number;
  detectors: ReadonlyMap<string, { volume: Float64Array; occupancyPct: Float64Array; speedKph: Float64Array }>;
  /** Stored link estimates per bucket; empty where none were stored. */
  storedLinks: StoredLinkSlots;
  /** Stored signal states per bucket. */
  signals: SignalSlots;
  /** Stored controller statuses per bucket. */
  statuses: StatusSlots;
  /** The replay run the link estimates come from; null: the recorded history. */
  source: string | null;
}

export function bucketCount(fromMs: number, toMs: number, stepS: number): number {
  return Math.max(0, Math.ceil((toMs - fromMs) / (stepS * 1000)));
}

/** Puts each detector's series on the common axis; buckets outside it are dropped. */
export function buildHistory(
  fromMs: number,
  toMs: number,
  stepS: number,
  series: readonly DetectorSeries[],
  stored: Pick<ReplayHistory, 'storedLinks' | 'signals' | 'statuses' | 'source'> = { storedLinks: new Map(), signals: new Map(), statuses: new Map(), source: null },
): ReplayHistory {
  const n = bucketCount(fromMs, toMs, stepS);
  const detectors = new Map<string, { volume: Float64Array; occupancyPct: Float64Array; speedKph: Float64Array }>();
  for (const s of series) {
    const values = { volume: new Float64Array(n).fill(NaN), occupancyPct: new Float64Array(n).fill(NaN), speedKph: new Float64Array(n).fill(NaN) };
    for (const p of s.points) {
      const i = Math.floor((p.ts - fromMs) / (stepS * 1000));
      if (i < 0 || i >= n) continue;
      values.volume[i] = p.volume;
      values.occupancyPct[i] = p.occupancyPct ?? NaN;
      values.speedKph[i] = p.speedKph ?? NaN;
    }
    detectors.set(s.detectorId, values);
  }
  return { fromMs, toMs, stepS, detectors, ...stored };
}

/** Index of the bucket holding `atMs`, clamped to the range. */
export function bucketAt(history: ReplayHistory, atMs: number): number {
  const n = bucketCount(history.fromMs, history.toMs, history.stepS);
  return Math.min(n - 1, Math.max(0, Math.floor((atMs - history.fromMs) / (history.stepS * 1000))));
}

/** Detectors with a recorded bucket at index `i`, reported at the bucket's end like a live measurement. */
export function detectorsAt(history: ReplayHistory, i: number): DetectorLive[] {
  const out: DetectorLive[] = [];
  const ts = history.fromMs + (i + 1) * history.stepS * 1000;
  for (const [id, v] of history.detectors) {
    const occupancyPct = v.occupancyPct[i] ?? NaN;
    const volume = v.volume[i] ?? NaN;
    if (Number.isNaN(occupancyPct) || Number.isNaN(volume)) continue;
    const speed = v.speedKph[i] ?? NaN;
    out.push({
      id,
      ts,
      intervalS: history.stepS,
      volume,
      flowVph: (volume * 3600) / history.stepS,
      occupancyPct,
      speedKph: Number.isNaN(speed) ? null : speed,
      health: 'ok',
    });
  }
  return out;
}

/** GB/T 33171-2016 arterial (主干路) bounds, km/h; a speed equal to a bound belongs to the slower level. */
const ARTERIAL_BOUNDS_KPH: readonly [number, GbtLevel][] = [
  [40, 'smooth'],
  [30, 'basically-smooth'],
  [20, 'lightly-congested'],
  [15, 'moderately-congested'],
];

export function arterialLevel(speedKph: number): GbtLevel {
  for (const [bound, level] of ARTERIAL_BOUNDS_KPH) if (speedKph > bound) return level;
  return 'seriously-congested';
}

/** Link values derived from the detectors' recorded speeds (the fallback, see the file comment); links without a speed have none. */
export function linksAt(network: NetworkIndex, detectors: readonly DetectorLive[]): LinkLive[] {
  const byId = new Map(detectors.map((d) => [d.id, d]));
  const out: LinkLive[] = [];
  for (const [linkId, feature] of network.links) {
    let sum = 0;
    let count = 0;
    for (const detectorId of network.detectorsByLink.get(linkId) ?? []) {
      const speed = byId.get(detectorId)?.speedKph;
      if (speed === null || speed === undefined) continue;
      sum += speed;
      count += 1;
    }
    if (count === 0) continue;
    const speedKph = Math.round((sum / count) * 10) / 10;
    const tti = speedKph > 0 ? Math.max(1, Math.round((feature.properties.speedLimitKph / speedKph) * 100) / 100) : null;
    out.push({ id: linkId, level: arterialLevel(speedKph), tti, speedKph, provenance: 'estimated' });
  }
  return out;
}
