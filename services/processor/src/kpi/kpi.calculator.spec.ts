import type { AreaEstimate, DetectorEstimate, IntervalEstimates, LinkEstimate } from '../estimation/estimation.types';
import { GBT_LEVEL_ZH, type GbtLevel } from '../estimation/gbt-33171.levels';
import { MISSING, estimated, measured, type Quantity } from '../estimation/provenance';
import { computeKpis, spaceMeanSpeedKph } from './kpi.calculator';

const TS = 1_700_000_040_000;

function link(id: string, o: { district?: string; flow?: Quantity; speed?: Quantity; delayS?: Quantity; level?: GbtLevel | null; lengthM?: number }): LinkEstimate {
  const level = o.level === undefined ? 'smooth' : o.level;
  return {
    linkId: id,
    district: o.district ?? 'network',
    roadClass: 'arterial',
    lengthM: o.lengthM ?? 1000,
    flowVph: o.flow ?? measured(600),
    occupancyPct: measured(10),
    speedKph: o.speed ?? measured(40),
    speedSource: 'advance',
    densityVpkm: MISSING,
    travelTimeS: MISSING,
    freeFlowSpeedKph: estimated(50, 'p85-light-traffic'),
    freeFlowTravelTimeS: MISSING,
    tti: estimated(1.2, 'travel-time-index'),
    delayS: o.delayS ?? estimated(0, 'travel-time-minus-free-flow'),
    level,
    levelZh: level === null ? null : GBT_LEVEL_ZH[level],
    levelProvenance: 'measured',
    notes: [],
  };
}

function detector(id: string, linkId: string, score: number, completeness: number): DetectorEstimate {
  return {
    detectorId: id,
    linkId,
    approachId: `${linkId}-in`,
    placement: 'advance',
    lane: 1,
    flowVph: measured(600),
    occupancyPct: measured(10),
    speedKph: measured(40),
    densityVpkm: MISSING,
    effectiveLengthM: 6,
    effectiveLengthSource: 'default',
    quality: { usedMeasurement: true, received: true, sampleIssues: [], status: 'good', score, completeness, faults: [], warnings: [] },
  };
}

function area(areaId: string, patch: Partial<AreaEstimate> = {}): AreaEstimate {
  return {
    areaId,
    index: 3,
    level: 'basically-smooth',
    levelZh: '基本畅通',
    congestedSharePct: 6,
    vktVehKmPerH: 1000,
    tti: 1.3,
    linksGraded: 2,
    linksTotal: 2,
    imputedWeightShare: 0,
    provenance: 'estimated',
    weighting: 'vkt',
    ...patch,
  };
}

describe(computeKpis.name, () => {
  const estimates: IntervalEstimates = {
    tsMs: TS,
    links: [
      // north: 1,200 veh/h on 2 km at 10 km/h, each vehicle 540 s late; 严重拥堵
      link('n1', { district: 'north', flow: measured(1200), speed: measured(10), lengthM: 2000, delayS: estimated(540, 'm'), level: 'seriously-congested' }),
      // south: 600 veh/h on 1 km at 50 km/h, no delay
      link('s1', { district: 'south', flow: measured(600), speed: measured(50), lengthM: 1000 }),
    ],
    detectors: [detector('dn1', 'n1', 40, 0.5), detector('dn2', 'n1', 80, 1), detector('ds1', 's1', 90, 0.9)],
    approaches: [],
    areas: [area('network', { index: 6.2, level: 'moderately-congested' }), area('north', { tti: 3.5 }), area('south', { tti: 1 })],
  };

  it('gives one KPI set per area estimate, network first, with the area index, level and TTI', () => {
    const sut = computeKpis(estimates, { intervalS: 60 });
    expect(sut.map((k) => k.areaId)).toEqual(['network', 'north', 'south']);
    expect(sut[0]).toMatchObject({ ts: TS, intervalS: 60, index: 6.2, level: 'moderately-congested', detectors: 3, linksGraded: 2, linksTotal: 2 });
    expect(sut[1]).toMatchObject({ tti: 3.5, detectors: 2 });
  });

  it('computes delay in vehicle-hours over the interval and congested link-km per area', () => {
    const [network, north, south] = computeKpis(estimates, { intervalS: 60 });
    // 1,200 veh/h × 1/60 h = 20 vehicles × 540 s = 3 vehicle-hours
    expect(north!.delayVehH).toBeCloseTo(3, 12);
    expect(north!.congestedLinkKm).toBe(2);
    expect(south!.delayVehH).toBe(0);
    expect(south!.congestedLinkKm).toBe(0);
    expect(network!.delayVehH).toBeCloseTo(3, 12);
    expect(network!.congestedLinkKm).toBe(2);
    // a congested level changed by configuration moves the mileage
    expect(computeKpis(estimates, { intervalS: 60, congestedLevel: 'smooth' })[0]!.congestedLinkKm).toBe(3);
  });

  it('means detector completeness and quality score over the area', () => {
    const [network, north, south] = computeKpis(estimates, { intervalS: 60 });
    expect(north!.detectorCompleteness).toBeCloseTo(0.75, 12);
    expect(north!.meanQualityScore).toBeCloseTo(60, 12);
    expect(south!.meanQualityScore).toBe(90);
    expect(network!.meanQualityScore).toBeCloseTo(70, 12);
    expect(network!.detectorCompleteness).toBeCloseTo(0.8, 12);
  });

  it('weights the network speed by vehicle-km: VKT / VHT', () => {
    // VKT = 2,400 + 600 = 3,000 veh·km/h; VHT = 240 + 12 = 252 veh·h/h → 11.905 km/h (an arithmetic mean would say 30)
    expect(computeKpis(estimates, { intervalS: 60 })[0]!.meanSpeedKph).toBeCloseTo(3000 / 252, 9);
  });

  it('reports null quality figures for an area without detectors', () => {
    const sut = computeKpis({ ...estimates, detectors: [] }, { intervalS: 60 });
    expect(sut[0]).toMatchObject({ detectorCompleteness: null, meanQualityScore: null, detectors: 0 });
  });
});

describe(spaceMeanSpeedKph.name, () => {
  it('falls back to length weights when no vehicle moves, and to null without any speed', () => {
    const still = [link('a', { flow: measured(0), speed: measured(50), lengthM: 1000 }), link('b', { flow: measured(0), speed: measured(25), lengthM: 1000 })];
    // 2 km in 1/50 + 1/25 h = 0.06 h → 33.3 km/h
    expect(spaceMeanSpeedKph(still)).toBeCloseTo(2 / 0.06, 9);
    expect(spaceMeanSpeedKph([link('c', { speed: MISSING })])).toBeNull();
  });

  it('leaves out links whose flow is unknown from the VKT weights but not from the fallback', () => {
    const sut = spaceMeanSpeedKph([link('a', { flow: measured(100), speed: measured(20) }), link('b', { flow: MISSING, speed: measured(80) })]);
    expect(sut).toBeCloseTo(20, 9);
  });
});
