/** Whole days of one detector's 60-s samples, normal or broken in the ways the diagnostics must catch. */
import { dayProfileFlowVph, plausibleInterval, sample, seededRandom } from '../estimation/estimation-fixtures.spec-helper';
import type { DetectorSample } from './detector-sample';
import { localDayStartMs } from './local-time';

export const UTC_OFFSET_MIN = 480;
export const DAY = '2026-01-15';
export const DAY_START_MS = localDayStartMs(DAY, UTC_OFFSET_MIN);
export const MINUTES_PER_DAY = 1440;

export type DayKind = 'normal' | 'jam' | 'stuck-on' | 'dead' | 'chattering';

/** Speed of the morning jam (07:00–10:00) in the `jam` day: occupancy ≈ 50 %, flow ≈ 500 veh/h. */
export const JAM_SPEED_KPH = 6;

export function dayOfSamples(detectorId: string, kind: DayKind, options: { seed?: number; dayStartMs?: number; keep?: (minute: number) => boolean; flowScale?: number } = {}): DetectorSample[] {
  const rnd = seededRandom(options.seed ?? 1);
  const start = options.dayStartMs ?? DAY_START_MS;
  const out: DetectorSample[] = [];
  for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) {
    const ts = start + (minute + 1) * 60_000;
    const normal = plausibleInterval(dayProfileFlowVph(minute) * (options.flowScale ?? 1), 45, rnd);
    let v: { volume: number; occupancyPct: number; speedKph?: number } = normal;
    if (kind === 'jam' && minute >= 7 * 60 && minute < 10 * 60) v = plausibleInterval(500, JAM_SPEED_KPH, rnd);
    if (kind === 'stuck-on') v = { volume: rnd() < 0.02 ? 1 : 0, occupancyPct: Math.round((99.5 + 0.5 * rnd()) * 10) / 10 };
    if (kind === 'dead') v = { volume: 0, occupancyPct: 0 };
    // a chattering loop double-pulses: many more counts than its occupancy allows, in one interval of eight
    if (kind === 'chattering' && minute % 8 === 0) v = { volume: normal.volume * 4 + 25, occupancyPct: normal.occupancyPct };
    if (options.keep && !options.keep(minute)) continue;
    out.push(sample(detectorId, ts, v));
  }
  return out;
}
