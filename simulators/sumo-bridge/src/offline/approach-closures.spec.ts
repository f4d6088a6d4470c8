import { approachClosuresXml, upstreamEdges } from './approach-closures';

/** A line A→B→C→D with a side road E→B and the way back C→B. */
const EDGES = [
  { id: 'AB', from: 'A', to: 'B' },
  { id: 'EB', from: 'E', to: 'B' },
  { id: 'BC', from: 'B', to: 'C' },
  { id: 'CB', from: 'C', to: 'B' },
  { id: 'CD', from: 'C', to: 'D' },
];

describe('approach closures', () => {
  it('finds the edges leading into an edge within the given links, never the edge itself', () => {
    const cd = EDGES[4]!;
    expect(upstreamEdges(EDGES, cd, 1).map((e) => e.id)).toEqual(['BC']);
    expect(upstreamEdges(EDGES, cd, 2).map((e) => e.id)).toEqual(['BC', 'AB', 'EB', 'CB']);
    expect(upstreamEdges(EDGES, EDGES[2]!, 2).map((e) => e.id)).toEqual(['AB', 'EB', 'CB']);
  });

  it('closes the whole edge for the incident interval, rerouting on the edges upstream of it', () => {
    const xml = approachClosuresXml(EDGES, [{ edgeId: 'CD', beginS: 3600, durationS: 1800 }]);
    expect(xml).toContain('<rerouter id="closure0" edges="BC AB EB CB">');
    expect(xml).toContain('<interval begin="3600" end="5400"><closingReroute id="CD"/></interval>');
  });

  it('refuses an edge the net does not have', () => {
    expect(() => approachClosuresXml(EDGES, [{ edgeId: 'XY', beginS: 0, durationS: 60 }])).toThrow(/no edge XY/);
  });
});
