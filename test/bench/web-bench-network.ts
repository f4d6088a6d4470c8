/**
 * A generated city for the web benchmark: a square grid of signalised intersections with a link each way between
 * neighbours and one detector per link (36 × 36 gives 1,296 intersections and 5,040 links), at real coordinates.
 */
import type { DetectorFeature, IntersectionFeature, LinkFeature, NetworkModel } from '@arterial/contracts/network';

const ORIGIN: [number, number] = [113.9, 22.5];
const SPACING_DEG = 0.003;

export interface BenchNetwork {
  model: NetworkModel;
  linkIds: string[];
  detectorIds: string[];
  intersectionIds: string[];
}

function intersection(id: string, at: [number, number], approachLinkIds: string[]): IntersectionFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: {
      kind: 'intersection',
      id,
      name: `Junction ${id}`,
      nameZh: `路口 ${id}`,
      approaches: approachLinkIds.map((linkId, i) => ({ id: `${id}-A${i}`, linkId, bearingDeg: (i * 90) % 360, lanes: 2 })),
      phases: [
        { id: 1, name: 'EW', movements: [], minGreenS: 10, maxGreenS: 60, yellowS: 3, allRedS: 2 },
        { id: 2, name: 'NS', movements: [], minGreenS: 10, maxGreenS: 60, yellowS: 3, allRedS: 2 },
      ],
      sequence: [1, 2],
      conflicts: [[1, 2]],
      fallbackPlan: { planId: `FB-${id}`, cycleS: 90, offsetS: 0, splits: [{ phase: 1, greenS: 40 }, { phase: 2, greenS: 40 }] },
    },
  };
}

export function benchNetwork(side: number): BenchNetwork {
  const node = (r: number, c: number) => `J${r}_${c}`;
  const at = (r: number, c: number): [number, number] => [ORIGIN[0] + c * SPACING_DEG, ORIGIN[1] + r * SPACING_DEG];
  const links: LinkFeature[] = [];
  const detectors: DetectorFeature[] = [];
  const inbound = new Map<string, string[]>();
  const addLink = (from: [number, number], to: [number, number], name: string, nameZh: string) => {
    const fromId = node(...from);
    const toId = node(...to);
    const id = `L${fromId}-${toId}`;
    const a = at(...from);
    const b = at(...to);
    links.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: [a, b] },
      properties: { kind: 'link', id, name, nameZh, fromNode: fromId, toNode: toId, lanes: 2, lengthM: 330, speedLimitKph: 50, capacityVph: 3600 },
    });
    inbound.set(toId, [...(inbound.get(toId) ?? []), id]);
    const detectorAt: [number, number] = [b[0] + (a[0] - b[0]) * 0.1, b[1] + (a[1] - b[1]) * 0.1];
    detectors.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: detectorAt },
      properties: {
        kind: 'detector',
        id: `D${id.slice(1)}`,
        intersectionId: toId,
        approachId: `${toId}-A${(inbound.get(toId)?.length ?? 1) - 1}`,
        linkId: id,
        lane: 1,
        placement: 'advance',
        distanceFromStopLineM: 30,
        technology: 'loop',
        intervalS: 60,
      },
    });
  };
  for (let r = 0; r < side; r += 1) {
    for (let c = 0; c < side; c += 1) {
      if (c + 1 < side) {
        addLink([r, c], [r, c + 1], `Avenue ${r}`, `第${r}大道`);
        addLink([r, c + 1], [r, c], `Avenue ${r}`, `第${r}大道`);
      }
      if (r + 1 < side) {
        addLink([r, c], [r + 1, c], `Street ${c}`, `第${c}街`);
        addLink([r + 1, c], [r, c], `Street ${c}`, `第${c}街`);
      }
    }
  }
  const intersections: IntersectionFeature[] = [];
  for (let r = 0; r < side; r += 1) for (let c = 0; c < side; c += 1) intersections.push(intersection(node(r, c), at(r, c), inbound.get(node(r, c)) ?? []));
  const centre = at((side - 1) / 2, (side - 1) / 2);
  return {
    model: { type: 'FeatureCollection', format: 'arterial-network', version: 1, name: `bench grid ${side}×${side}`, view: { center: centre, zoom: 13.2 }, features: [...intersections, ...links, ...detectors] },
    linkIds: links.map((l) => l.properties.id),
    detectorIds: detectors.map((d) => d.properties.id),
    intersectionIds: intersections.map((i) => i.properties.id),
  };
}
