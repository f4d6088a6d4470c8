/** Time ranges of the indicator centre: presets ending at "now" and custom ones, each with a bucket step. */
import type { KpiPoint } from '../api/types';

export type RangePreset = '1h' | '6h' | '24h';
export type RangeChoice = { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; fromMs: number; toMs: number };

const PRESET_SPAN_S: Record<RangePreset, number> = { '1h': 3600, '6h': 6 * 3600, '24h': 24 * 3600 };
export const RANGE_PRESETS = Object.keys(PRESET_SPAN_S) as RangePreset[];
/** About this many buckets per chart: enough for detail, few enough to draw and to export by hand. */
const TARGET_POINTS = 240;
/** The KPI interval: no bucket can be shorter (the API refuses steps under 60 s). */
const MIN_STEP_S = 60;

/** A whole number of minutes giving about TARGET_POINTS buckets over the span. */
export function stepForSpan(spanMs: number): number {
  const raw = spanMs / 1000 / TARGET_POINTS;
  return Math.max(MIN_STEP_S, Math.ceil(raw / MIN_STEP_S) * MIN_STEP_S);
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
  stepS: number;
}

/**
 * Presets end at the step boundary after `nowMs`, so the query key changes once per step, not on every render,
 * and the newest (partial) bucket is included.
 */
export function resolveRange(choice: RangeChoice, nowMs: number): ResolvedRange {
  if (choice.kind === 'custom') {
    const fromMs = Math.min(choice.fromMs, choice.toMs - MIN_STEP_S * 1000);
    return { fromMs, toMs: choice.toMs, stepS: stepForSpan(choice.toMs - fromMs) };
  }
  const spanMs = PRESET_SPAN_S[choice.preset] * 1000;
  const stepS = stepForSpan(spanMs);
  const toMs = Math.ceil((nowMs + 1) / (stepS * 1000)) * stepS * 1000;
  return { fromMs: toMs - spanMs, toMs, stepS };
}

/**
 * [ts, value] pairs for a line chart with a null wherever buckets are missing (the API leaves empty ones out),
 * so an outage shows as a gap and not as a straight line across it.
 */
export function seriesWithGaps(points: readonly KpiPoint[], stepS: number, value: (point: KpiPoint) => number | null): [number, number | null][] {
  const data: [number, number | null][] = [];
  let previous: number | null = null;
  for (const point of points) {
    if (previous !== null && point.ts - previous > stepS * 1000 * 1.5) data.push([previous + stepS * 1000, null]);
    data.push([point.ts, value(point)]);
    previous = point.ts;
  }
  return data;
}
