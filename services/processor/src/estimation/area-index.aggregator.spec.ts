import { aggregateArea, aggregateAreas } from './area-index.aggregator';
import type { LinkEstimate } from './estimation.types';
import { GBT_LEVEL_ZH, type GbtLevel } from './gbt-33171.levels';
import { MISSING, estimated, imputed, measured, type Quantity } from './provenance';

function link(id: string, level: GbtLevel | null, flowVph: Quantity, lengthM: number, district = 'network', tti = 1): LinkEstimate {
  return {
    linkId: id,
    district,
    roadClass: 'arterial',
    lengthM,
    flowVph,
    occupancyPct: measured(10),
    speedKph: level === null ? MISSING : measured(30),
    speedSource: 'advance',
    densityVpkm: MISSING,
    travelTimeS: MISSING,
    freeFlowSpeedKph: estimated(50, 'p85-light-traffic'),
    freeFlowTravelTimeS: MISSING,
    tti: estimated(tti, 'travel-time-index'),
    delayS: MISSING,
    level,
    levelZh: level === null ? null : GBT_LEVEL_ZH[level],
    levelProvenance: 'measured',
    notes: [],
  };
}

describe(aggregateArea.name, () => {
  it('weights the congested share by VKT and maps it into the index bands', () => {
    // 1000 veh/h × 0.5 km congested of 1000 × 0.5 + 2000 × 4.5 = 9,500 veh·km/h → 5.26 % → index 2.63 (基本畅通)
    const sut = aggregateArea('network', [link('a', 'seriously-congested', measured(1000), 500), link('b', 'smooth', measured(2000), 4500)]);
    expect(sut.congestedSharePct).toBeCloseTo((100 * 500) / 9500, 9);
    expect(sut.index).toBeCloseTo(2 + ((500 / 95 - 4) / 4) * 2, 9);
    expect(sut.levelZh).toBe('基本畅通');
    expect(sut.vktVehKmPerH).toBeCloseTo(9500, 9);
    expect(sut.weighting).toBe('vkt');
  });

  it('counts only links at the congested-mileage level unless told otherwise', () => {
    const links = [link('a', 'moderately-congested', measured(1000), 1000), link('b', 'smooth', measured(1000), 1000)];
    expect(aggregateArea('n', links).index).toBe(0);
    expect(aggregateArea('n', links, { congestedLevel: 'moderately-congested' }).index).toBe(10);
  });

  it('falls back to length weights when nothing moves, and says what carries imputed weight', () => {
    const sut = aggregateArea('n', [link('a', 'smooth', imputed(0, 'neighbour-regression'), 1000), link('b', 'smooth', measured(0), 3000)]);
    expect(sut.weighting).toBe('length');
    expect(sut.imputedWeightShare).toBeCloseTo(0.25, 9);
    expect(sut.provenance).toBe('imputed');
  });

  it('averages TTI by VKT and leaves ungraded links out', () => {
    const sut = aggregateArea('n', [link('a', 'smooth', measured(1000), 1000, 'network', 1), link('b', 'lightly-congested', measured(1000), 1000, 'network', 2), link('c', null, MISSING, 1000)]);
    expect(sut.tti).toBeCloseTo(1.5, 9);
    expect([sut.linksGraded, sut.linksTotal]).toEqual([2, 3]);
  });

  it('gives the whole network and each district', () => {
    const areas = aggregateAreas([link('a', 'seriously-congested', measured(1000), 1000, 'East'), link('b', 'smooth', measured(1000), 1000, 'West')]);
    expect(areas.map((a) => [a.areaId, a.levelZh])).toEqual([
      ['network', '严重拥堵'],
      ['East', '严重拥堵'],
      ['West', '畅通'],
    ]);
  });
});
