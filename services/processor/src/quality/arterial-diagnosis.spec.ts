/**
 * The diagnosis on a signalised arterial's own terms: 10-s samples that follow the signal cycle, queues over stop-bar
 * loops, quiet lanes and nights must not read as faults; loops that stopped seeing traffic must.
 */
import { sample, seededRandom } from '../estimation/estimation-fixtures.spec-helper';
import { DetectorQualityTracker, type DetectorQualityConfig } from './detector-quality.tracker';
import type { DetectorSample } from './detector-sample';
import { DAY, DAY_START_MS, UTC_OFFSET_MIN } from './quality-fixtures.spec-helper';
import { DEFAULT_QUALITY_THRESHOLDS } from './quality.thresholds';

const HOUR_MS = 3_600_000;

function tracker(placement: 'advance' | 'stop-bar', intervalS: number, rollingWindowS = 86_400): DetectorQualityTracker {
  const config: DetectorQualityConfig = { placement, intervalS, speedLimitKph: 50, utcOffsetMin: UTC_OFFSET_MIN, rollingWindowS, daysKept: 3, thresholds: DEFAULT_QUALITY_THRESHOLDS };
  return new DetectorQualityTracker(config, DAY_START_MS);
}

/** Samples of `intervalS` from local hour `fromH` to `toH`, values by the interval's index and end time. */
function samples(fromH: number, toH: number, intervalS: number, value: (i: number, tsMs: number) => { volume: number; occupancyPct: number }): DetectorSample[] {
  const out: DetectorSample[] = [];
  const n = Math.round(((toH - fromH) * 3600) / intervalS);
  for (let i = 0; i < n; i += 1) {
    const ts = DAY_START_MS + fromH * HOUR_MS + (i + 1) * intervalS * 1000;
    out.push(sample('d1', ts, { ...value(i, ts), intervalS }));
  }
  return out;
}

/**
 * A stop-bar loop on an oversaturated approach, 10-s samples over a 100-s cycle: the queue stands on the loop through
 * the 60-s red (100 %, no count) and discharges over it in the 40-s green at saturation (occupancy 60–80 %, 2–4
 * vehicles per 10 s): high occupancy, cyclic, low flow (~430 veh/h), all morning.
 */
function queuedStopBar(rnd: () => number) {
  return (i: number) => {
    const inCycle = i % 10;
    if (inCycle < 6) return { volume: 0, occupancyPct: inCycle === 0 ? 95 + Math.round(50 * rnd()) / 10 : 100 };
    return { volume: 2 + Math.floor(3 * rnd()), occupancyPct: 60 + Math.round(200 * rnd()) / 10 };
  };
}

describe('diagnosis on a signalised arterial', () => {
  it('does not fault a stop-bar loop under a long queue (high occupancy with the cycle, low flow)', () => {
    const sut = tracker('stop-bar', 10, 6 * 3600);
    for (const s of samples(6, 12, 10, queuedStopBar(seededRandom(3)))) sut.observe(s);
    const d = sut.rollingDiagnosis(DAY_START_MS + 12 * HOUR_MS, false);
    expect(d.faults).toEqual([]);
    expect(d.warnings).toEqual([]);
    expect(d.score).toBe(100);
    // no sample belongs to a stuck run, though 60 % of them are full with no count (Chen's count would say stuck on)
    expect(d.stats.stuckOnShare).toBe(0);
  });

  it('does not fault an advance loop in a queue that reaches it for part of each cycle', () => {
    const sut = tracker('advance', 10, 6 * 3600);
    const rnd = seededRandom(4);
    for (const s of samples(6, 12, 10, (i) => (i % 10 < 4 ? { volume: 0, occupancyPct: 100 } : i % 10 < 7 ? { volume: 1 + Math.floor(2 * rnd()), occupancyPct: 30 + Math.round(300 * rnd()) / 10 } : { volume: 0, occupancyPct: 0 })))
      sut.observe(s);
    expect(sut.rollingDiagnosis(DAY_START_MS + 12 * HOUR_MS, false).faults).toEqual([]);
  });

  it('does not call a low-volume loop dead: quiet nights, a vehicle every 40 min at dawn, a few an hour by day', () => {
    const sut = tracker('advance', 60);
    const quiet = (everyMin: number) => (i: number) => (i % everyMin === everyMin - 1 ? { volume: 1, occupancyPct: 1.2 } : { volume: 0, occupancyPct: 0 });
    for (const s of [...samples(0, 5, 60, quiet(90)), ...samples(5, 7, 60, quiet(40)), ...samples(7, 22, 60, quiet(12)), ...samples(22, 24, 60, quiet(90))]) sut.observe(s);
    const d = sut.dailyDiagnosis(DAY, DAY_START_MS + 24 * HOUR_MS, false);
    expect(d.faults).toEqual([]);
    // Chen's zero-occupancy share (> 1,200/2,040) would have called it dead
    expect(d.stats.zeroOccupancyShare).toBeGreaterThan(0.9);
  });

  it('calls a loop dead an hour after it stops counting in daytime while the lane next to it counts', () => {
    const rnd = seededRandom(5);
    const live = () => ({ volume: 1 + Math.floor(2 * rnd()), occupancyPct: 4 + Math.round(60 * rnd()) / 10 });
    const dead = tracker('advance', 10, 6 * 3600);
    const neighbour = tracker('advance', 10, 6 * 3600);
    for (const s of samples(6, 12, 10, (i, ts) => (ts <= DAY_START_MS + 9 * HOUR_MS ? live() : { volume: 0, occupancyPct: 0 }))) dead.observe(s);
    for (const s of samples(6, 12, 10, live)) neighbour.observe(s);
    expect(neighbour.rollingDiagnosis(DAY_START_MS + 12 * HOUR_MS, false).faults).toEqual([]);
    const probe = tracker('advance', 10, 6 * 3600);
    for (const s of samples(6, 9.9, 10, (i, ts) => (ts <= DAY_START_MS + 9 * HOUR_MS ? live() : { volume: 0, occupancyPct: 0 }))) probe.observe(s);
    expect(probe.rollingDiagnosis(DAY_START_MS + 9.9 * HOUR_MS, false).faults).toEqual([]);
    const d = dead.rollingDiagnosis(DAY_START_MS + 12 * HOUR_MS, false);
    expect(d.faults).toEqual(['dead']);
    expect(d.score).toBe(0);
  });

  // a frozen count of 1 stays within the counting slack at 100 %; more would also read as implausible (chattering)
  it('finds a loop stuck on with a frozen non-zero count, and only once the reading outlasts any signal cycle', () => {
    const stuckFrom = DAY_START_MS + 8 * HOUR_MS;
    const rnd = seededRandom(6);
    const value = (i: number, ts: number) => (ts > stuckFrom ? { volume: 1, occupancyPct: 100 } : { volume: 1 + Math.floor(2 * rnd()), occupancyPct: 5 + Math.round(50 * rnd()) / 10 });
    const early = tracker('stop-bar', 10, 6 * 3600);
    for (const s of samples(6, 8 + 5 / 60, 10, value)) early.observe(s);
    expect(early.rollingDiagnosis(stuckFrom + 5 * 60_000, false).faults).toEqual([]);
    const late = tracker('stop-bar', 10, 6 * 3600);
    for (const s of samples(6, 9, 10, value)) late.observe(s);
    expect(late.rollingDiagnosis(DAY_START_MS + 9 * HOUR_MS, false).faults).toEqual(['stuck-on']);
  });

  it('calls a frozen non-zero reading constant, but not a quiet lane whose occupancy is mostly zero', () => {
    const frozen = tracker('advance', 60);
    for (const s of samples(5, 22, 60, () => ({ volume: 4, occupancyPct: 7.3 }))) frozen.observe(s);
    expect(frozen.dailyDiagnosis(DAY, DAY_START_MS + 24 * HOUR_MS, false).faults).toEqual(['constant']);
    const quiet = tracker('advance', 10, 6 * 3600);
    const rnd = seededRandom(7);
    for (const s of samples(6, 12, 10, () => (rnd() < 0.25 ? { volume: 1, occupancyPct: 3 + Math.round(30 * rnd()) / 10 } : { volume: 0, occupancyPct: 0 }))) quiet.observe(s);
    const q = quiet.rollingDiagnosis(DAY_START_MS + 12 * HOUR_MS, false);
    expect(q.stats.occupancyEntropyBits).toBeLessThan(DEFAULT_QUALITY_THRESHOLDS.minEntropyBits);
    expect(q.faults).toEqual([]);
  });

  it('finds a short chattering episode that the share of a 6 h window would dilute', () => {
    const sut = tracker('advance', 10, 6 * 3600);
    const rnd = seededRandom(8);
    const from = DAY_START_MS + 9 * HOUR_MS;
    const to = from + 5 * 60_000;
    for (const s of samples(6, 12, 10, (i, ts) => {
      const v = { volume: 1 + Math.floor(3 * rnd()), occupancyPct: 3 + Math.round(40 * rnd()) / 10 };
      return ts > from && ts <= to ? { volume: v.volume + 8, occupancyPct: v.occupancyPct } : v;
    }))
      sut.observe(s);
    const d = sut.rollingDiagnosis(DAY_START_MS + 12 * HOUR_MS, false);
    expect(d.stats.implausibleShare).toBeLessThan(DEFAULT_QUALITY_THRESHOLDS.chatteringShare);
    expect(d.faults).toEqual(['chattering']);
  });
});
