/**
 * A small network for the control-room test: two signalised intersections on an east–west arterial
 * (placed on Shennan Boulevard, Shenzhen), side roads both ways, one stop-bar detector per inbound link.
 * Built by functions rather than copied JSON, so the ids and geometry stay consistent.
 */
import type { DetectorFeature, IntersectionFeature, LinkFeature, NetworkModel } from '@arterial/contracts/network';

type LonLat = [number, number];

interface Node {
  id: string;
  at: LonLat;
}

const ARM_DEG = 0.003;

/** Rough metres between two nearby points (equirectangular), enough for link lengths in a fixture. */
function metres(a: LonLat, b: LonLat): number {
  const latRad = (((a[1] + b[1]) / 2) * Math.PI) / 180;
  const dx = (b[0] - a[0]) * Math.cos(latRad) * 111_320;
  const dy = (b[1] - a[1]) * 110_540;
  return Math.hypot(dx, dy);
}

function bearingDeg(from: LonLat, to: LonLat): number {
  const latRad = (((from[1] + to[1]) / 2) * Math.PI) / 180;
  const deg = (Math.atan2((to[0] - from[0]) * Math.cos(latRad), to[1] - from[1]) * 180) / Math.PI;
  return Math.round((deg + 360) % 360);
}

/** A point `distanceM` before `to` on the segment from → to. */
function before(from: LonLat, to: LonLat, distanceM: number): LonLat {
  const f = Math.min(1, distanceM / metres(from, to));
  return [to[0] + (from[0] - to[0]) * f, to[1] + (from[1] - to[1]) * f];
}

function link(from: Node, to: Node, name: string, nameZh: string, lanes: number): LinkFeature {
  return {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: [from.at, to.at] },
    properties: {
      kind: 'link',
      id: `${from.id}-${to.id}`,
      name,
      nameZh,
      fromNode: from.id,
      toNode: to.id,
      lanes,
      lengthM: Math.round(metres(from.at, to.at)),
      speedLimitKph: lanes > 2 ? 60 : 40,
      capacityVph: lanes * 1800,
    },
  };
}

export interface ControlRoomNetwork {
  model: NetworkModel;
  intersectionIds: string[];
  detectorIds: string[];
}

export function controlRoomNetwork(): ControlRoomNetwork {
  const lat = 22.5405;
  const west: Node = { id: 'I1', at: [114.0585, lat] };
  const east: Node = { id: 'I2', at: [114.0625, lat] };
  const specs = [
    {
      node: west,
      name: 'Shennan Blvd & Huaqiang Rd',
      nameZh: '深南大道与华强路',
      arms: [
        { boundary: { id: 'B-W', at: [west.at[0] - ARM_DEG, lat] as LonLat }, road: 'Shennan Blvd', roadZh: '深南大道', lanes: 3 },
        { boundary: { id: 'B-1N', at: [west.at[0], lat + ARM_DEG * 0.8] as LonLat }, road: 'Huaqiang Rd', roadZh: '华强路', lanes: 2 },
        { boundary: { id: 'B-1S', at: [west.at[0], lat - ARM_DEG * 0.8] as LonLat }, road: 'Huaqiang Rd', roadZh: '华强路', lanes: 2 },
      ],
    },
    {
      node: east,
      name: 'Shennan Blvd & Yannan Rd',
      nameZh: '深南大道与燕南路',
      arms: [
        { boundary: { id: 'B-E', at: [east.at[0] + ARM_DEG, lat] as LonLat }, road: 'Shennan Blvd', roadZh: '深南大道', lanes: 3 },
        { boundary: { id: 'B-2N', at: [east.at[0], lat + ARM_DEG * 0.8] as LonLat }, road: 'Yannan Rd', roadZh: '燕南路', lanes: 2 },
        { boundary: { id: 'B-2S', at: [east.at[0], lat - ARM_DEG * 0.8] as LonLat }, road: 'Yannan Rd', roadZh: '燕南路', lanes: 2 },
      ],
    },
  ];

  const links: LinkFeature[] = [link(west, east, 'Shennan Blvd', '深南大道', 3), link(east, west, 'Shennan Blvd', '深南大道', 3)];
  const inbound = new Map<string, LinkFeature[]>([
    [west.id, [links[1] as LinkFeature]],
    [east.id, [links[0] as LinkFeature]],
  ]);
  for (const spec of specs) {
    for (const arm of spec.arms) {
      const into = link(arm.boundary, spec.node, arm.road, arm.roadZh, arm.lanes);
      links.push(into, link(spec.node, arm.boundary, arm.road, arm.roadZh, arm.lanes));
      inbound.get(spec.node.id)?.push(into);
    }
  }

  const intersections: IntersectionFeature[] = [];
  const detectors: DetectorFeature[] = [];
  for (const spec of specs) {
    const approaches = (inbound.get(spec.node.id) ?? []).map((l) => {
      const [from, to] = l.geometry.coordinates as [LonLat, LonLat];
      return { id: `${spec.node.id}-${l.properties.fromNode}`, linkId: l.properties.id, bearingDeg: bearingDeg(from, to), lanes: l.properties.lanes };
    });
    // Phase 1 serves the arterial (east–west), phase 2 the side road.
    const arterial = approaches.filter((a) => a.bearingDeg === 90 || a.bearingDeg === 270).map((a) => a.id);
    intersections.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: spec.node.at },
      properties: {
        kind: 'intersection',
        id: spec.node.id,
        name: spec.name,
        nameZh: spec.nameZh,
        approaches,
        phases: [
          {
            id: 1,
            name: 'Shennan Blvd through',
            nameZh: '深南大道直行',
            movements: approaches.filter((a) => arterial.includes(a.id)).map((a) => ({ approachId: a.id, turn: 'through' as const })),
            minGreenS: 15,
            maxGreenS: 70,
            yellowS: 3,
            allRedS: 2,
          },
          {
            id: 2,
            name: 'Side road',
            nameZh: '支路',
            movements: approaches.filter((a) => !arterial.includes(a.id)).map((a) => ({ approachId: a.id, turn: 'through' as const })),
            minGreenS: 10,
            maxGreenS: 45,
            yellowS: 3,
            allRedS: 2,
          },
        ],
        sequence: [1, 2],
        conflicts: [[1, 2]],
        fallbackPlan: { planId: `FB-${spec.node.id}`, cycleS: 60, offsetS: 0, splits: [{ phase: 1, greenS: 30 }, { phase: 2, greenS: 20 }] },
      },
    });
    for (const [index, approach] of approaches.entries()) {
      const l = links.find((candidate) => candidate.properties.id === approach.linkId);
      if (!l) continue;
      const [from, to] = l.geometry.coordinates as [LonLat, LonLat];
      detectors.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: before(from, to, 45) },
        properties: {
          kind: 'detector',
          id: `D${spec.node.id.slice(1)}${index + 1}`,
          intersectionId: spec.node.id,
          approachId: approach.id,
          linkId: approach.linkId,
          lane: 1,
          placement: 'stop-bar',
          distanceFromStopLineM: 45,
          technology: index % 2 === 0 ? 'loop' : 'radar',
          intervalS: 60,
        },
      });
    }
  }

  const model: NetworkModel = {
    type: 'FeatureCollection',
    format: 'arterial-network',
    version: 1,
    name: 'Control-room test network',
    view: { center: [(west.at[0] + east.at[0]) / 2, lat], zoom: 16 },
    features: [...links, ...intersections, ...detectors],
  };
  return { model, intersectionIds: intersections.map((i) => i.properties.id), detectorIds: detectors.map((d) => d.properties.id) };
}
