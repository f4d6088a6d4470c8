/**
 * GB/T 33171-2016 城市交通运行状况评价规范 (Specification for urban traffic performance evaluation).
 *
 * Link level: by average travel speed and road class, five levels; each upper bound belongs to the slower level
 * (arterial: v > 40 畅通, 30 < v ≤ 40 基本畅通, …, v ≤ 15 严重拥堵).
 *
 * Network index (道路交通运行指数, 0–10): the exact conversion table of the national standard could not be confirmed
 * from a primary copy. We implement the widely published piecewise-linear conversion of the VKT-weighted congested
 * mileage share to 0–10 (Beijing DB11/T 785-2011, informative annex C, the model the national standard follows), with
 * the five bands [0,2) 畅通, [2,4) 基本畅通, [4,6) 轻度拥堵, [6,8) 中度拥堵, [8,10] 严重拥堵. docs/estimation.md says
 * exactly what is used; the breakpoints are a named, replaceable table.
 */
import type { GbtLevel } from '@arterial/contracts/api/v1';
import type { GbtRoadClass } from './road-class.resolver';

// The level names are part of the wire (link estimates, KPIs), so the contract defines them.
export type { GbtLevel };

export const GBT_LEVELS: readonly GbtLevel[] = ['smooth', 'basically-smooth', 'lightly-congested', 'moderately-congested', 'seriously-congested'];

export const GBT_LEVEL_ZH: Record<GbtLevel, string> = {
  smooth: '畅通',
  'basically-smooth': '基本畅通',
  'lightly-congested': '轻度拥堵',
  'moderately-congested': '中度拥堵',
  'seriously-congested': '严重拥堵',
};

/**
 * Lower speed bounds (km/h, exclusive) of 畅通, 基本畅通, 轻度拥堵, 中度拥堵 per class: GB/T 33171-2016 link table
 * (ALGORITHMS.md). A speed at or below the last bound is 严重拥堵.
 */
export const GBT_LINK_SPEED_BOUNDS_KPH: Record<GbtRoadClass, readonly [number, number, number, number]> = {
  expressway: [65, 50, 35, 20],
  arterial: [40, 30, 20, 15],
  'secondary-branch': [35, 25, 15, 10],
};

export function linkLevel(speedKph: number, roadClass: GbtRoadClass): GbtLevel {
  const bounds = GBT_LINK_SPEED_BOUNDS_KPH[roadClass];
  for (let i = 0; i < bounds.length; i += 1) if (speedKph > bounds[i]!) return GBT_LEVELS[i]!;
  return 'seriously-congested';
}

export function levelRank(level: GbtLevel): number {
  return GBT_LEVELS.indexOf(level);
}

/**
 * Conversion of the congested-mileage share (percent of VKT on links at or worse than the counting level) to the
 * 0–10 index: breakpoints [share %, index], linear between them, 10 beyond the last. Source: DB11/T 785-2011 annex C
 * as commonly reproduced (4 / 8 / 11 / 14 % at the band edges 2 / 4 / 6 / 8; 24 % reaches 10).
 */
export const CONGESTED_SHARE_TO_INDEX: readonly (readonly [number, number])[] = [
  [0, 0],
  [4, 2],
  [8, 4],
  [11, 6],
  [14, 8],
  [24, 10],
];

/** Links at this level or worse count as congested mileage (DB11/T 785-2011 counts 严重拥堵 links). */
export const CONGESTED_MILEAGE_LEVEL: GbtLevel = 'seriously-congested';

export function networkIndexFromCongestedSharePct(sharePct: number, table: readonly (readonly [number, number])[] = CONGESTED_SHARE_TO_INDEX): number {
  const first = table[0]!;
  if (sharePct <= first[0]) return first[1];
  for (let i = 1; i < table.length; i += 1) {
    const [x1, y1] = table[i]!;
    const [x0, y0] = table[i - 1]!;
    if (sharePct <= x1) return y0 + ((sharePct - x0) * (y1 - y0)) / (x1 - x0);
  }
  return table[table.length - 1]![1];
}

/** Five bands of the 0–10 index: [0,2) 畅通 … [8,10] 严重拥堵. */
export function networkIndexLevel(index: number): GbtLevel {
  if (index < 2) return 'smooth';
  if (index < 4) return 'basically-smooth';
  if (index < 6) return 'lightly-congested';
  if (index < 8) return 'moderately-congested';
  return 'seriously-congested';
}
