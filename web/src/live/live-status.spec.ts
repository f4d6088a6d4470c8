import type { DetectorLive } from '../api/types';
import { congestionLevel, detectorStatus, intersectionStatus, linkOccupancyPct } from './live-status';

const NOW = 1_800_000_000_000;
const detector = (overrides: Partial<DetectorLive> = {}): DetectorLive => ({
  id: 'd1',
  ts: NOW - 10_000,
  intervalS: 10,
  volume: 3,
  flowVph: 1080,
  occupancyPct: 12,
  speedKph: 45,
  health: 'ok',
  ...overrides,
});

describe('live status rules', () => {
  it('classifies congestion at the 15 % and 30 % occupancy boundaries', () => {
    expect([null, 0, 14.9, 15, 30, 30.1, Number.NaN].map(congestionLevel)).toEqual(['unknown', 'free', 'free', 'moderate', 'moderate', 'heavy', 'unknown']);
  });

  it('averages only usable detectors: failed and stale readings do not colour a link', () => {
    const usable = detector({ occupancyPct: 40 });
    const failed = detector({ id: 'd2', occupancyPct: 0, health: 'failed' });
    const stale = detector({ id: 'd3', occupancyPct: 0, ts: NOW - 10 * 60_000 });
    expect(linkOccupancyPct([usable, failed, stale, undefined], NOW)).toBe(40);
    expect(linkOccupancyPct([failed, stale], NOW)).toBeNull();
  });

  it('shows an offline controller as offline whatever mode it last reported', () => {
    const base = { id: 'i1', ts: NOW, mode: 'adaptive' as const, planId: 'p', cycleS: 90, cycleSecond: 3, phases: [], firmware: 'x', faults: [] };
    expect(intersectionStatus({ ...base, online: false })).toBe('offline');
    expect(intersectionStatus({ ...base, online: true })).toBe('adaptive');
    expect(intersectionStatus(undefined)).toBe('unknown');
  });

  it('marks a silent detector stale but keeps a failed one failed', () => {
    expect(detectorStatus(detector({ ts: NOW - 10 * 60_000 }), NOW)).toBe('stale');
    expect(detectorStatus(detector({ ts: NOW - 10 * 60_000, health: 'failed' }), NOW)).toBe('failed');
    expect(detectorStatus(detector(), NOW)).toBe('ok');
  });
});
