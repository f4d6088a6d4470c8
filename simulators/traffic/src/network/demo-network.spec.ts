import { detectorsOf, intersectionsOf, linksOf, parseNetworkModel, type NetworkModel } from '@arterial/contracts/network';
import { planProblems } from '../controller/signal-timer';
import { demoNetwork } from './demo-network';
import { serializeNetwork } from './network-file';
import { conflictsOf } from './phasing';
import { lostTimeS } from './timing-plan';

const BELL_TOWER = { lon: 108.9423, lat: 34.261 };

function metresBetween(a: [number, number], b: [number, number]): number {
  const dx = (b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180);
  const dy = (b[1] - a[1]) * 111_320;
  return Math.hypot(dx, dy);
}

describe(demoNetwork.name, () => {
  let sut: NetworkModel;

  beforeAll(() => {
    sut = demoNetwork();
  });

  it('is a valid network model', () => {
    expect(() => parseNetworkModel(sut)).not.toThrow();
  });

  it('is a real-sized grid around the Bell Tower', () => {
    const junctions = intersectionsOf(sut);
    expect(junctions.length).toBeGreaterThanOrEqual(30);
    expect(junctions.length).toBeLessThanOrEqual(80);
    const bellTower = junctions.find((j) => j.properties.nameZh === '钟楼');
    expect(bellTower?.geometry.coordinates).toEqual([BELL_TOWER.lon, BELL_TOWER.lat]);
    for (const j of junctions) expect(metresBetween([BELL_TOWER.lon, BELL_TOWER.lat], j.geometry.coordinates)).toBeLessThan(3000);
  });

  it('is the same every time', () => {
    expect(serializeNetwork(demoNetwork())).toBe(serializeNetwork(sut));
  });

  it('links neighbours in both directions, 400–600 m apart, with plausible roads', () => {
    const links = linksOf(sut).map((l) => l.properties);
    const ids = new Set(links.map((l) => `${l.fromNode}>${l.toNode}`));
    const junctionIds = new Set(intersectionsOf(sut).map((j) => j.properties.id));
    for (const l of links) {
      expect(ids.has(`${l.toNode}>${l.fromNode}`)).toBe(true);
      expect(l.lanes).toBeGreaterThanOrEqual(2);
      expect(l.lanes).toBeLessThanOrEqual(4);
      expect(l.speedLimitKph).toBeGreaterThanOrEqual(50);
      expect(l.speedLimitKph).toBeLessThanOrEqual(60);
      expect(l.capacityVph).toBe(1800 * l.lanes);
      if (junctionIds.has(l.fromNode) && junctionIds.has(l.toNode)) {
        expect(l.lengthM).toBeGreaterThanOrEqual(400);
        expect(l.lengthM).toBeLessThanOrEqual(600);
      }
      expect(l.nameZh).toBeTruthy();
    }
    // Every edge junction has entry and exit links to the boundary.
    expect(links.some((l) => !junctionIds.has(l.fromNode))).toBe(true);
    expect(links.some((l) => !junctionIds.has(l.toNode))).toBe(true);
  });

  it('gives every approach one stop-bar and one advance detector', () => {
    const detectors = detectorsOf(sut).map((d) => d.properties);
    for (const j of intersectionsOf(sut)) {
      for (const a of j.properties.approaches) {
        const placements = detectors.filter((d) => d.approachId === a.id).map((d) => d.placement);
        expect(placements.sort()).toEqual(['advance', 'stop-bar']);
      }
    }
    expect(new Set(detectors.map((d) => d.technology))).toEqual(new Set(['loop', 'radar', 'video']));
  });

  it('times every junction safely', () => {
    for (const { properties: j } of intersectionsOf(sut)) {
      expect(planProblems(j.phases, j.sequence, j.fallbackPlan)).toEqual([]);
      expect(j.conflicts).toEqual(conflictsOf(j.phases, j.approaches));
      const splitsTotal = j.fallbackPlan.splits.reduce((s, x) => s + x.greenS, 0);
      expect(splitsTotal + lostTimeS(j.phases, j.sequence)).toBe(j.fallbackPlan.cycleS);
      for (const p of j.phases) {
        expect(p.yellowS).toBeGreaterThanOrEqual(3);
        expect(p.yellowS).toBeLessThanOrEqual(4);
        expect(p.allRedS).toBeGreaterThanOrEqual(1.5);
        expect(p.allRedS).toBeLessThanOrEqual(2);
        if (p.pedestrian) expect(p.minGreenS).toBeGreaterThanOrEqual(p.pedestrian.walkS + p.pedestrian.clearanceS);
      }
      // Through phases carry the pedestrian crossings.
      expect(j.phases.filter((p) => p.pedestrian).map((p) => p.id)).toEqual([2, 4]);
    }
  });

  it('coordinates the junctions on a common cycle', () => {
    const cycles = new Set(intersectionsOf(sut).map((j) => j.properties.fallbackPlan.cycleS));
    expect(cycles.size).toBe(1);
    for (const j of intersectionsOf(sut)) expect(j.properties.fallbackPlan.offsetS).toBeLessThan(j.properties.fallbackPlan.cycleS);
  });
});
