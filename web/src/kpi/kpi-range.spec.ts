import type { KpiPoint } from '../api/types';
import { resolveRange, seriesWithGaps, stepForSpan } from './kpi-range';

function point(ts: number, meanSpeedKph: number | null): KpiPoint {
  return { ts, meanSpeedKph, tti: null, index: null, delayVehH: 0, congestedLinkKm: 0, detectorCompleteness: null, meanQualityScore: null, samples: 1 };
}

describe('indicator ranges', () => {
  it('chooses whole-minute steps giving at most about 240 buckets, never under the 60 s KPI interval', () => {
    expect(stepForSpan(3600_000)).toBe(60);
    expect(stepForSpan(6 * 3600_000)).toBe(120);
    expect(stepForSpan(24 * 3600_000)).toBe(360);
    expect(stepForSpan(7 * 24 * 3600_000)).toBe(2520);
  });

  it('ends presets at the step boundary after now, so the range only moves once a step', () => {
    const now = Date.UTC(2026, 10, 30, 8, 30, 15);
    const sut = resolveRange({ kind: 'preset', preset: '1h' }, now);
    expect(sut).toEqual({ fromMs: Date.UTC(2026, 10, 30, 7, 31), toMs: Date.UTC(2026, 10, 30, 8, 31), stepS: 60 });
    expect(resolveRange({ kind: 'preset', preset: '1h' }, now + 30_000)).toEqual(sut);
    const custom = resolveRange({ kind: 'custom', fromMs: 0, toMs: 3 * 3600_000 }, now);
    expect(custom).toEqual({ fromMs: 0, toMs: 3 * 3600_000, stepS: 60 });
  });

  it('breaks the line where buckets are missing', () => {
    const sut = seriesWithGaps([point(0, 40), point(60_000, 41), point(240_000, 30), point(300_000, null)], 60, (p) => p.meanSpeedKph);
    expect(sut).toEqual([
      [0, 40],
      [60_000, 41],
      [120_000, null],
      [240_000, 30],
      [300_000, null],
    ]);
  });
});
