/**
 * Predicted GB/T 33171-2016 link level with a confidence, from a speed forecast and its 80 % interval. The interval's
 * ends are the 10th and 90th percentiles and the point is taken as the median; between them the distribution is
 * linear (and the same slopes continue outside, clamped to 0–1). The level is the point's; the confidence is the
 * probability that the speed is at or below that level's upper speed bound, i.e. that the link is at least that
 * congested, which is what a "congestion predicted" alert needs.
 */
import type { GbtLevel } from '@arterial/contracts/api/v1';
import { GBT_LEVELS, GBT_LINK_SPEED_BOUNDS_KPH, linkLevel } from '../estimation/gbt-33171.levels';
import type { GbtRoadClass } from '../estimation/road-class.resolver';
import { LOWER_QUANTILE, UPPER_QUANTILE } from './residual-intervals';

export interface LevelForecast {
  level: GbtLevel;
  /** Probability (0–1) that the link is at this level or a more congested one. */
  confidence: number;
}

/** P(speed ≤ x) for a forecast `point` with 80 % interval [lower, upper]. */
export function speedBelowProbability(x: number, point: number, lower: number, upper: number): number {
  const below = (point - lower) / (0.5 - LOWER_QUANTILE);
  const above = (upper - point) / (UPPER_QUANTILE - 0.5);
  let p: number;
  if (x <= point) p = below > 0 ? 0.5 - (point - x) / below : x < point ? 0 : 0.5;
  else p = above > 0 ? 0.5 + (x - point) / above : 1;
  // A zero-width side (no spread learned yet) is a step there: everything sits on the point.
  if (x === point && (below <= 0 || above <= 0)) p = 1;
  return Math.min(1, Math.max(0, p));
}

export function levelForecast(point: number, lower: number, upper: number, roadClass: GbtRoadClass): LevelForecast | null {
  if (!Number.isFinite(point)) return null;
  const level = linkLevel(point, roadClass);
  const rank = GBT_LEVELS.indexOf(level);
  // Level 1 (smooth) is the least congested there is: the link is certainly at it or worse.
  if (rank === 0) return { level, confidence: 1 };
  const bound = GBT_LINK_SPEED_BOUNDS_KPH[roadClass][rank - 1] as number;
  const lo = Number.isFinite(lower) ? Math.min(lower, point) : point;
  const hi = Number.isFinite(upper) ? Math.max(upper, point) : point;
  return { level, confidence: speedBelowProbability(bound, point, lo, hi) };
}
