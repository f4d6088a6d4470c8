import type { GbtLevel, LinkEstimate, Quantity } from '@arterial/contracts/api/v1';
import { Subject } from 'rxjs';
import type { EstimationUpdate } from '../estimation/estimation.service';
import type { LinkCongestionUpdate } from './congestion.source';
import { linkCongestionFeed } from './link-congestion.feed';

const missing: Quantity = { value: null, provenance: 'missing' };

function link(linkId: string, level: GbtLevel | null): LinkEstimate {
  return {
    linkId, district: 'network', roadClass: 'arterial', lengthM: 400,
    flowVph: missing, occupancyPct: missing, speedKph: missing, speedSource: 'none', densityVpkm: missing, travelTimeS: missing,
    freeFlowSpeedKph: missing, freeFlowTravelTimeS: missing, tti: missing, delayS: missing,
    level, levelZh: null, levelProvenance: level === null ? 'missing' : 'measured', notes: [],
  };
}

function update(links: LinkEstimate[]): EstimationUpdate {
  return { estimates: { tsMs: 0, detectors: [], approaches: [], links, areas: [] }, kpis: [] };
}

describe(linkCongestionFeed.name, () => {
  it('ranks every link of a step 1 (smooth) … 5 (seriously congested), null when ungraded', () => {
    const updates = new Subject<EstimationUpdate>();
    const seen: LinkCongestionUpdate[] = [];
    linkCongestionFeed(updates).subscribe((u) => seen.push(u));

    updates.next(update([link('a', 'smooth'), link('b', 'moderately-congested'), link('c', 'seriously-congested'), link('d', null)]));

    expect(seen).toEqual([
      { kind: 'levels', links: [{ linkId: 'a', level: 1 }, { linkId: 'b', level: 4 }, { linkId: 'c', level: 5 }, { linkId: 'd', level: null }] },
    ]);
  });
});
