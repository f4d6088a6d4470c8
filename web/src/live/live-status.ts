/** Pure classifications of live state for the map and panels (no map or React code here). */
import type { DetectorLive, IntersectionLive } from '../api/types';

export type CongestionLevel = 'free' | 'moderate' | 'heavy' | 'unknown';
export const CONGESTION_LEVELS: readonly CongestionLevel[] = ['free', 'moderate', 'heavy', 'unknown'];

/** Free flow below 15 % occupancy, moderate up to 30 %, heavy above. */
export function congestionLevel(occupancyPct: number | null): CongestionLevel {
  if (occupancyPct === null || !Number.isFinite(occupancyPct)) return 'unknown';
  if (occupancyPct < 15) return 'free';
  if (occupancyPct <= 30) return 'moderate';
  return 'heavy';
}

/** A reading older than this many intervals (and at least the floor) no longer describes the road. */
const STALE_INTERVALS = 3;
const STALE_FLOOR_MS = 180_000;

export function isUsable(detector: DetectorLive, nowMs: number | null): boolean {
  if (detector.health === 'failed') return false;
  if (nowMs === null) return true;
  return nowMs - detector.ts <= Math.max(STALE_INTERVALS * detector.intervalS * 1000, STALE_FLOOR_MS);
}

/** Mean occupancy of a link's usable detectors, or null when none has a usable reading. */
export function linkOccupancyPct(detectors: Iterable<DetectorLive | undefined>, nowMs: number | null): number | null {
  let sum = 0;
  let count = 0;
  for (const d of detectors) {
    if (d === undefined || !isUsable(d, nowMs)) continue;
    sum += d.occupancyPct;
    count += 1;
  }
  return count === 0 ? null : sum / count;
}

export type IntersectionStatus = 'fixed' | 'adaptive' | 'manual' | 'flash' | 'off' | 'offline' | 'unknown';
export const INTERSECTION_STATUSES: readonly IntersectionStatus[] = ['adaptive', 'fixed', 'manual', 'flash', 'off', 'offline', 'unknown'];

/** Offline wins over the last reported mode: an offline controller's mode is history. */
export function intersectionStatus(live: IntersectionLive | undefined | null): IntersectionStatus {
  if (!live) return 'unknown';
  if (live.online === false) return 'offline';
  return live.mode ?? 'unknown';
}

export type DetectorStatus = 'ok' | 'degraded' | 'failed' | 'stale' | 'unknown';

export function detectorStatus(detector: DetectorLive | undefined, nowMs: number | null): DetectorStatus {
  if (!detector) return 'unknown';
  if (detector.health !== 'failed' && !isUsable(detector, nowMs)) return 'stale';
  return detector.health;
}
