/**
 * How links are coloured: by the GB/T 33171-2016 level, the travel time index or the speed of the latest link
 * estimate, or by the live occupancy of the link's detectors (the fastest signal: it follows each measurement,
 * while estimates come once per estimation step). Each mode reads its own feature-state key, so switching mode
 * only swaps the line-colour expression; the values stay written.
 */
import type { ExpressionSpecification } from 'maplibre-gl';
import type { GbtLevel } from '@arterial/contracts/api/v1';
import { CONGESTION_COLORS, CONGESTION_SCALE, NO_DATA_COLOR } from './palette';

export type LinkColorMode = 'level' | 'tti' | 'speed' | 'occupancy';
export const LINK_COLOR_MODES: readonly LinkColorMode[] = ['level', 'tti', 'speed', 'occupancy'];

export const GBT_LEVELS: readonly GbtLevel[] = ['smooth', 'basically-smooth', 'lightly-congested', 'moderately-congested', 'seriously-congested'];

/** Index on the congestion scale (0 free … 4 seriously congested), -1 without a level. */
export function gbtIndex(level: GbtLevel | null | undefined): number {
  return level ? GBT_LEVELS.indexOf(level) : -1;
}

/** TTI band bounds (upper bounds of the first four bands); above the last one is the darkest colour. */
export const TTI_BOUNDS = [1.2, 1.5, 2, 3] as const;
/** Speed stops of the continuous speed scale, km/h, from the darkest colour (slowest) to the lightest. */
export const SPEED_STOPS_KPH = [10, 20, 30, 40, 50] as const;

/** Feature-state keys on the links source. */
export const LINK_STATE = { occupancy: 'level', level: 'gbt', tti: 'tti', speed: 'speed' } as const;
export const predictionStateKey = (horizonMin: number): string => `p${horizonMin}`;

// coalesce first: to-number reads null (an unset state) as 0, which is a level.
const numeric = (key: string): ExpressionSpecification => ['to-number', ['coalesce', ['feature-state', key], -1]];
const hasNumber = (key: string): ExpressionSpecification => ['==', ['typeof', ['feature-state', key]], 'number'];

/** A level index (0–4, -1 none) in `key` to the congestion scale. */
export function levelIndexColor(key: string): ExpressionSpecification {
  return ['match', numeric(key), 0, CONGESTION_SCALE[0], 1, CONGESTION_SCALE[1], 2, CONGESTION_SCALE[2], 3, CONGESTION_SCALE[3], 4, CONGESTION_SCALE[4], NO_DATA_COLOR];
}

function ttiColor(): ExpressionSpecification {
  const [b0, b1, b2, b3] = TTI_BOUNDS;
  const step: ExpressionSpecification = ['step', numeric(LINK_STATE.tti), CONGESTION_SCALE[0], b0, CONGESTION_SCALE[1], b1, CONGESTION_SCALE[2], b2, CONGESTION_SCALE[3], b3, CONGESTION_SCALE[4]];
  return ['case', hasNumber(LINK_STATE.tti), step, NO_DATA_COLOR];
}

function speedColor(): ExpressionSpecification {
  const stops = SPEED_STOPS_KPH.flatMap((kph, i) => [kph, CONGESTION_SCALE[CONGESTION_SCALE.length - 1 - i] as string]);
  const ramp = ['interpolate', ['linear'], numeric(LINK_STATE.speed), ...stops] as unknown as ExpressionSpecification;
  return ['case', hasNumber(LINK_STATE.speed), ramp, NO_DATA_COLOR];
}

function occupancyColor(): ExpressionSpecification {
  const pairs = Object.entries(CONGESTION_COLORS).flatMap(([value, color]) => [value, color]);
  return ['match', ['to-string', ['coalesce', ['feature-state', LINK_STATE.occupancy], '']], ...pairs, NO_DATA_COLOR] as unknown as ExpressionSpecification;
}

export function linkColorExpression(mode: LinkColorMode): ExpressionSpecification {
  switch (mode) {
    case 'level':
      return levelIndexColor(LINK_STATE.level);
    case 'tti':
      return ttiColor();
    case 'speed':
      return speedColor();
    case 'occupancy':
      return occupancyColor();
  }
}

export const PREDICTION_HORIZONS_MIN = [5, 15, 30, 60] as const;
export type PredictionHorizon = (typeof PREDICTION_HORIZONS_MIN)[number];
