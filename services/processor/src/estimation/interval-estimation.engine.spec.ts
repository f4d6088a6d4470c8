import { dayOfSamples, DAY_START_MS, JAM_SPEED_KPH, UTC_OFFSET_MIN, type DayKind } from '../quality/quality-fixtures.spec-helper';
import type { DetectorSample } from '../quality/detector-sample';
import { corridorNetwork } from './estimation-fixtures.spec-helper';
import type { IntervalEstimates } from './estimation.types';
import { IntervalEstimationEngine } from './interval-estimation.engine';

const MIN = 60_000;
const at = (hh: number, mm = 0) => DAY_START_MS + (hh * 60 + mm) * MIN;

/**
 * One day on the hand-built corridor: L1's loops (advance with speed, stop-bar without) see a morning jam 07:00–10:00;
 * L2's advance loops report no speed; L2-A2 dies at 09:00 and reports zeros from then on.
 */
function corridorDay(): Map<number, DetectorSample[]> {
  const plan: [string, DayKind, boolean][] = [
    ['L1-A1', 'jam', true],
    ['L1-A2', 'jam', true],
    ['L1-S1', 'jam', false],
    ['L1-S2', 'jam', false],
    ['L2-A1', 'normal', false],
    ['L2-A2', 'normal', false],
  ];
  const byTs = new Map<number, DetectorSample[]>();
  plan.forEach(([id, kind, withSpeed], i) => {
    const healthy = dayOfSamples(id, kind, { seed: 11 + i, flowScale: id.startsWith('L2') ? 1.2 : 1 });
    const dead = dayOfSamples(id, 'dead');
    healthy.forEach((s, minute) => {
      let out: DetectorSample = id === 'L2-A2' && minute >= 9 * 60 ? dead[minute]! : s;
      if (!withSpeed) {
        const { speedKph: _dropped, ...rest } = out;
        out = rest;
      }
      byTs.set(out.ts, [...(byTs.get(out.ts) ?? []), out]);
    });
  });
  return byTs;
}

describe(IntervalEstimationEngine.name, () => {
  const snapshots = new Map<number, IntervalEstimates>();
  const all: IntervalEstimates[] = [];
  let sut: IntervalEstimationEngine;

  beforeAll(() => {
    sut = new IntervalEstimationEngine(corridorNetwork(), DAY_START_MS, { utcOffsetMin: UTC_OFFSET_MIN });
    const samples = corridorDay();
    for (let minute = 1; minute <= 1440; minute += 1) {
      const ts = DAY_START_MS + minute * MIN;
      const e = sut.step(ts, samples.get(ts) ?? []);
      all.push(e);
      snapshots.set(ts, e);
    }
  });

  const detector = (ts: number, id: string) => snapshots.get(ts)!.detectors.find((d) => d.detectorId === id)!;
  const link = (ts: number, id: string) => snapshots.get(ts)!.links.find((l) => l.linkId === id)!;

  it('estimates a plausible jam as congested, with TTI above 2, and does not take it for a fault', () => {
    const l1 = link(at(8, 30), 'L1');
    expect(l1.speedSource).toBe('advance');
    expect(l1.speedKph.provenance).toBe('measured');
    expect(l1.speedKph.value).toBeCloseTo(JAM_SPEED_KPH, 0);
    expect(l1.levelZh).toBe('严重拥堵');
    expect(l1.tti.value).toBeGreaterThan(2);
    expect(l1.delayS.value).toBeGreaterThan(0);
    expect(l1.freeFlowSpeedKph).toMatchObject({ provenance: 'estimated', method: 'p85-light-traffic' });
    for (const id of ['L1-A1', 'L1-A2', 'L1-S1', 'L1-S2']) {
      expect(detector(at(8, 30), id).quality.faults).toEqual([]);
      expect(detector(at(8, 30), id).quality.usedMeasurement).toBe(true);
    }
  });

  it('grades the corridor free-flowing before the jam and the network as congested during it', () => {
    expect(link(at(6), 'L1').levelZh).toBe('畅通');
    expect(link(at(6), 'L1').tti.value).toBeLessThan(1.3);
    const network = snapshots.get(at(8, 30))!.areas.find((a) => a.areaId === 'network')!;
    expect(network.index).toBeGreaterThanOrEqual(8);
    expect(network.levelZh).toBe('严重拥堵');
    expect(network.linksGraded).toBe(2);
    expect(network.linksTotal).toBe(3);
    const early = snapshots.get(at(6))!.areas[0]!;
    expect(early.index).toBe(0);
    expect(early.levelZh).toBe('畅通');
  });

  it('learns g from speed-measuring intervals, from free flow where no speed is measured, and keeps the default at stop bars', () => {
    const a1 = detector(at(12), 'L1-A1');
    expect(a1.effectiveLengthSource).toBe('measured-speed');
    expect(a1.effectiveLengthM).toBeGreaterThan(5.4);
    expect(a1.effectiveLengthM).toBeLessThan(6.6);
    expect(detector(at(12), 'L2-A1').effectiveLengthSource).toBe('free-flow');
    expect(detector(at(12), 'L1-S1').effectiveLengthSource).toBe('default');
    // without a measured speed, speed is estimated from flow and occupancy, and says so
    expect(detector(at(12), 'L2-A1').speedKph).toMatchObject({ provenance: 'estimated', method: 'speed-from-occupancy' });
  });

  it('recognises the dead loop and replaces its values with imputed ones from its neighbour', () => {
    const dead = detector(at(14), 'L2-A2');
    expect(dead.quality.faults).toContain('dead');
    expect(dead.quality.usedMeasurement).toBe(false);
    expect(dead.flowVph).toMatchObject({ provenance: 'imputed', method: 'neighbour-regression' });
    const neighbour = detector(at(14), 'L2-A1').flowVph.value!;
    expect(dead.flowVph.value).toBeGreaterThan(neighbour * 0.6);
    expect(dead.flowVph.value).toBeLessThan(neighbour * 1.4);
    expect(dead.speedKph.provenance).toBe('imputed');
    expect(link(at(14), 'L2').flowVph.provenance).toBe('imputed');
    expect(snapshots.get(at(14))!.areas[0]!.imputedWeightShare).toBeGreaterThan(0);
  });

  it('never labels a value measured unless the detector\'s own interval was used', () => {
    for (const e of all) {
      for (const d of e.detectors) {
        if (d.quality.usedMeasurement) continue;
        for (const q of [d.flowVph, d.occupancyPct, d.speedKph, d.densityVpkm]) expect(q.provenance).not.toBe('measured');
      }
    }
  });

  it('reports the day: the dead loop fails, the jammed loops pass, all complete', () => {
    const report = new Map(sut.dailyQuality(sut.dayOf(at(12)), at(24)).map((r) => [r.detectorId, r.diagnosis]));
    expect(report.get('L2-A2')!.faults).toContain('dead');
    expect(report.get('L2-A2')!.score).toBe(0);
    for (const id of ['L1-A1', 'L1-A2', 'L1-S1', 'L1-S2', 'L2-A1']) {
      expect(report.get(id)!.faults).toEqual([]);
      expect(report.get(id)!.completeness).toBe(1);
      expect(report.get(id)!.score).toBeGreaterThanOrEqual(90);
    }
  });

  it("keeps the last step's rolling diagnosis per detector and carries its completeness on the detector estimate", () => {
    const d = all[all.length - 1]!.detectors.find((x) => x.detectorId === 'L1-A1')!;
    expect(sut.rollingDiagnosis('L1-A1')).toMatchObject({ score: d.quality.score, completeness: d.quality.completeness, status: d.quality.status });
    expect(d.quality.completeness).toBeGreaterThan(0.9);
    expect(sut.rollingDiagnosis('nobody')).toBeUndefined();
  });

  it('marks a detector missing when nothing arrives and nothing can be imputed', () => {
    const fresh = new IntervalEstimationEngine(corridorNetwork(), DAY_START_MS, { utcOffsetMin: UTC_OFFSET_MIN });
    const e = fresh.step(at(0, 1), []);
    for (const d of e.detectors) expect([d.flowVph.provenance, d.speedKph.provenance, d.quality.received]).toEqual(['missing', 'missing', false]);
    expect(e.links.every((l) => l.level === null)).toBe(true);
    expect(e.areas[0]).toMatchObject({ areaId: 'network', index: null, provenance: 'missing' });
  });
});
