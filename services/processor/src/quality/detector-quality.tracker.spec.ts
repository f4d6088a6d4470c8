import { DetectorQualityTracker, type DetectorQualityConfig } from './detector-quality.tracker';
import { DAY, DAY_START_MS, UTC_OFFSET_MIN, dayOfSamples, type DayKind } from './quality-fixtures.spec-helper';
import { DEFAULT_QUALITY_THRESHOLDS } from './quality.thresholds';

const DAY_END_MS = DAY_START_MS + 86_400_000;

function config(placement: 'advance' | 'stop-bar' = 'advance'): DetectorQualityConfig {
  return { placement, intervalS: 60, speedLimitKph: 50, utcOffsetMin: UTC_OFFSET_MIN, rollingWindowS: 86_400, daysKept: 3, thresholds: DEFAULT_QUALITY_THRESHOLDS };
}

function runDay(kind: DayKind, keep?: (minute: number) => boolean, placement: 'advance' | 'stop-bar' = 'advance'): DetectorQualityTracker {
  const sut = new DetectorQualityTracker(config(placement), DAY_START_MS);
  for (const s of dayOfSamples('d1', kind, { keep })) sut.observe(s);
  return sut;
}

describe(DetectorQualityTracker.name, () => {
  it('passes a normal day with a full score', () => {
    const d = runDay('normal').dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(d).toMatchObject({ status: 'good', faults: [], warnings: [], score: 100, completeness: 1 });
    expect(d.stats.occupancyEntropyBits).toBeGreaterThan(4);
  });

  it('flags a loop stuck on (occupancy ~100 % all day, no counts) and scores it 0', () => {
    const d = runDay('stuck-on').dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(d.faults).toContain('stuck-on');
    expect(d.status).toBe('bad');
    expect(d.score).toBe(0);
  });

  it('flags a dead loop (zeros all day)', () => {
    const d = runDay('dead').dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(d.faults).toEqual(['dead']);
    expect(d.stats.zeroOccupancyShare).toBe(1);
    expect(d.score).toBe(0);
  });

  it('flags a chattering loop', () => {
    const d = runDay('chattering').dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(d.faults).toEqual(['chattering']);
    expect(d.stats.implausibleShare).toBeCloseTo(1 / 8, 2);
  });

  it('does not flag a plausible three-hour jam (high occupancy, low speed, vehicles still counted)', () => {
    const d = runDay('jam').dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(d).toMatchObject({ status: 'good', faults: [], warnings: [], score: 100 });
  });

  it('counts completeness against the intervals expected, with gaps, and flags low completeness', () => {
    // every tenth interval missing: 90 %
    const ninety = runDay('normal', (m) => m % 10 !== 0).dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(ninety.completeness).toBeCloseTo(0.9, 9);
    expect(ninety.score).toBe(90);
    expect(ninety.warnings).toEqual([]);
    // a 9-hour outage: 62.5 %
    const outage = runDay('normal', (m) => m < 8 * 60 || m >= 17 * 60).dailyDiagnosis(DAY, DAY_END_MS, false);
    expect(outage.completeness).toBeCloseTo(0.625, 9);
    expect(outage.warnings).toContain('low-completeness');
    expect(outage.status).toBe('suspect');
  });

  it('counts a duplicate delivery once, so it cannot hide a gap', () => {
    const sut = new DetectorQualityTracker(config(), DAY_START_MS);
    const samples = dayOfSamples('d1', 'normal', { keep: (m) => m < 60 });
    for (const s of samples) sut.observe(s);
    for (const s of samples) sut.observe(s);
    const d = sut.dailyDiagnosis(DAY, DAY_START_MS + 120 * 60_000, false);
    expect(d.stats.received).toBe(60);
    expect(d.completeness).toBeCloseTo(0.5, 9);
  });

  it('expects only the time since monitoring began, and only up to now for a day still running', () => {
    const sut = new DetectorQualityTracker(config(), DAY_START_MS + 12 * 3_600_000);
    for (const s of dayOfSamples('d1', 'normal', { keep: (m) => m >= 12 * 60 && m < 18 * 60 })) sut.observe(s);
    const d = sut.dailyDiagnosis(DAY, DAY_START_MS + 18 * 3_600_000, false);
    expect(d.stats.expected).toBe(360);
    expect(d.completeness).toBe(1);
  });

  it('keeps a rolling window that forgets a fault once the loop is repaired', () => {
    const sut = new DetectorQualityTracker({ ...config(), rollingWindowS: 6 * 3600 }, DAY_START_MS);
    const stuck = dayOfSamples('d1', 'stuck-on', { keep: (m) => m >= 6 * 60 && m < 12 * 60 });
    const normal = dayOfSamples('d1', 'normal', { keep: (m) => m >= 12 * 60 && m < 18 * 60 });
    for (const s of stuck) sut.observe(s);
    expect(sut.rollingDiagnosis(DAY_START_MS + 12 * 3_600_000, false).faults).toContain('stuck-on');
    for (const s of normal) sut.observe(s);
    const after = sut.rollingDiagnosis(DAY_START_MS + 18 * 3_600_000, false);
    expect(after.faults).toEqual([]);
    expect(after.completeness).toBe(1);
  });

  it('judges occupancy without counts at advance loops only: a car waits on a stop-bar loop through every red', () => {
    const withWaits = (placement: 'advance' | 'stop-bar') => {
      const sut = new DetectorQualityTracker(config(placement), DAY_START_MS);
      for (const s of dayOfSamples('d1', 'normal')) sut.observe(m3(s));
      return sut.dailyDiagnosis(DAY, DAY_END_MS, false);
    };
    // one interval in ten has a vehicle standing on the loop and none counted
    const m3 = (s: ReturnType<typeof dayOfSamples>[number]) => (Math.floor(s.ts / 60_000) % 10 === 0 ? { ...s, volume: 0, occupancyPct: 40 } : s);
    expect(withWaits('advance').warnings).toContain('occupancy-without-flow');
    expect(withWaits('stop-bar').warnings).toEqual([]);
  });

  it('lowers the score of a detector that disagrees with its neighbours', () => {
    const d = runDay('normal').dailyDiagnosis(DAY, DAY_END_MS, true);
    expect(d.warnings).toEqual(['neighbour-disagreement']);
    expect(d.score).toBe(60);
    expect(d.status).toBe('suspect');
  });
});
