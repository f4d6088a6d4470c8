import type { LinkEstimate } from '@arterial/contracts/api/v1';
import { MISSING, estimated, imputed, measured } from './provenance';
import { LinkLiveTracker, toLinkLive } from './link-live.tracker';

function link(id: string, speedKph: number, tti: number, level: LinkEstimate['level'] = 'smooth'): LinkEstimate {
  return {
    linkId: id,
    district: 'network',
    roadClass: 'arterial',
    lengthM: 500,
    flowVph: measured(600),
    occupancyPct: measured(10),
    speedKph: measured(speedKph),
    speedSource: 'advance',
    densityVpkm: MISSING,
    travelTimeS: MISSING,
    freeFlowSpeedKph: estimated(50, 'speed-limit-prior'),
    freeFlowTravelTimeS: MISSING,
    tti: estimated(tti, 'travel-time-index'),
    delayS: MISSING,
    level,
    levelZh: null,
    levelProvenance: 'measured',
    notes: [],
  };
}

describe(LinkLiveTracker.name, () => {
  it('sends every link first, then only links whose rounded level, TTI, speed or provenance changed', () => {
    const sut = new LinkLiveTracker();
    expect(sut.update([link('a', 42.04, 1.204), link('b', 30, 1.5)]).map((l) => l.id)).toEqual(['a', 'b']);
    // a: noise below the rounding; b: level changes
    expect(sut.update([link('a', 42.01, 1.196), link('b', 30, 1.5, 'basically-smooth')])).toEqual([{ id: 'b', level: 'basically-smooth', tti: 1.5, speedKph: 30, provenance: 'measured' }]);
    expect(sut.update([link('a', 35, 1.2), { ...link('b', 30, 1.5, 'basically-smooth'), speedKph: imputed(30, 'neighbour-regression') }]).map((l) => l.id)).toEqual(['a', 'b']);
    expect(sut.all().map((l) => [l.id, l.speedKph, l.provenance])).toEqual([
      ['a', 35, 'measured'],
      ['b', 30, 'imputed'],
    ]);
  });

  it('rounds TTI to 0.01 and speed to 0.1 km/h and keeps missing values null', () => {
    expect(toLinkLive(link('a', 12.345, 2.345, 'seriously-congested'))).toEqual({ id: 'a', level: 'seriously-congested', tti: 2.35, speedKph: 12.3, provenance: 'measured' });
    expect(toLinkLive({ ...link('a', 1, 1), speedKph: MISSING, tti: MISSING, level: null })).toEqual({ id: 'a', level: null, tti: null, speedKph: null, provenance: 'missing' });
  });
});
