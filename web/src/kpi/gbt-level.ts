/** GB/T 33171-2016 traffic performance index (0–10) and its five levels, 畅通 … 严重拥堵. */
import type { GbtLevel } from '../api/types';

export type LevelNumber = 1 | 2 | 3 | 4 | 5;

const LEVEL_NUMBER: Record<GbtLevel, LevelNumber> = {
  smooth: 1,
  'basically-smooth': 2,
  'lightly-congested': 3,
  'moderately-congested': 4,
  'seriously-congested': 5,
};

export function levelNumber(level: GbtLevel): LevelNumber {
  return LEVEL_NUMBER[level];
}

/** The standard's bands: [0, 2) free … [8, 10] severe. */
export function levelOfIndex(index: number): LevelNumber {
  if (index < 2) return 1;
  if (index < 4) return 2;
  if (index < 6) return 3;
  if (index < 8) return 4;
  return 5;
}

/** Colour-blind-safe ordered colours for levels 1–5 (viridis, reversed so that worse reads darker). */
export const LEVEL_COLOURS: Record<LevelNumber, string> = { 1: '#5ec962', 2: '#21918c', 3: '#3b528b', 4: '#472d7b', 5: '#440154' };

/** A level number from the wire (an integer 1–5 by contract), kept in range for lookups. */
export function asLevel(level: number): LevelNumber {
  return Math.min(5, Math.max(1, Math.round(level))) as LevelNumber;
}
