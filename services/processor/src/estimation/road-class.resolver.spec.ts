import type { LinkProperties } from '@arterial/contracts/network';
import { WHOLE_NETWORK, districtOf, resolveRoadClass } from './road-class.resolver';

function link(extra: Record<string, unknown> = {}): LinkProperties {
  const base: LinkProperties = { kind: 'link', id: 'L1', name: 'L1', fromNode: 'A', toNode: 'B', lanes: 2, lengthM: 400, speedLimitKph: 50, capacityVph: 3600 };
  return { ...base, ...extra } as LinkProperties;
}

describe(resolveRoadClass.name, () => {
  it('reads an explicit class, Chinese names, OSM and SUMO types', () => {
    expect(resolveRoadClass(link({ roadClass: 'expressway' }))).toEqual({ roadClass: 'expressway' });
    expect(resolveRoadClass(link({ roadClass: '次干路' }))).toEqual({ roadClass: 'secondary-branch' });
    expect(resolveRoadClass(link({ highway: 'primary' }))).toEqual({ roadClass: 'arterial' });
    expect(resolveRoadClass(link({ type: 'highway.residential' }))).toEqual({ roadClass: 'secondary-branch' });
  });

  it('defaults to arterial with a note when the network does not say', () => {
    expect(resolveRoadClass(link())).toEqual({ roadClass: 'arterial', note: 'road-class-unknown-defaulted-to-arterial' });
    expect(resolveRoadClass(link({ roadClass: 'boulevard-of-dreams' })).note).toBe('road-class-unknown-defaulted-to-arterial');
  });

  it('groups by a district or area property, else the whole network', () => {
    expect(districtOf(link({ district: 'Xuhui' }))).toBe('Xuhui');
    expect(districtOf(link({ area: 'CBD' }))).toBe('CBD');
    expect(districtOf(link())).toBe(WHOLE_NETWORK);
  });
});
