/**
 * Upstream and downstream detectors of each detector, from an adjacency list (`from` upstream of `to`) or from the
 * network model. Models use them for neighbour features; a detector without neighbours simply gets none.
 */
import { detectorsOf, linksOf, type NetworkModel } from '@arterial/contracts/network';

export interface Neighbours {
  /** Detector indexes upstream of each detector, nearest first. */
  readonly upstream: readonly (readonly number[])[];
  readonly downstream: readonly (readonly number[])[];
}

export interface AdjacencyEdge {
  /** Upstream detector id. */
  from: string;
  to: string;
  /** Distance along the road, any unit; only the order matters. */
  distance: number;
}

/** Neighbour lists are capped so that a dense adjacency (METR-LA's is) cannot blow up the feature cost. */
export const MAX_NEIGHBOURS_PER_SIDE = 8;

export function noNeighbours(detectors: number): Neighbours {
  const empty = Array.from({ length: detectors }, () => [] as number[]);
  return { upstream: empty, downstream: empty };
}

/** Edges naming unknown detectors and self-loops are ignored; the nearest `maxPerSide` per side are kept. */
export function neighboursFromEdges(
  detectorIds: readonly string[],
  edges: readonly AdjacencyEdge[],
  maxPerSide = MAX_NEIGHBOURS_PER_SIDE,
): Neighbours {
  const index = new Map(detectorIds.map((id, i) => [id, i]));
  const up = detectorIds.map(() => new Map<number, number>());
  const down = detectorIds.map(() => new Map<number, number>());
  for (const e of edges) {
    const from = index.get(e.from);
    const to = index.get(e.to);
    if (from === undefined || to === undefined || from === to) continue;
    const distance = Number.isFinite(e.distance) ? e.distance : Infinity;
    keepNearest(down[from] as Map<number, number>, to, distance);
    keepNearest(up[to] as Map<number, number>, from, distance);
  }
  const nearest = (m: Map<number, number>): number[] =>
    [...m.entries()]
      .sort((a, b) => a[1] - b[1] || a[0] - b[0])
      .slice(0, maxPerSide)
      .map(([i]) => i);
  return { upstream: up.map(nearest), downstream: down.map(nearest) };
}

function keepNearest(m: Map<number, number>, key: number, distance: number): void {
  const old = m.get(key);
  if (old === undefined || distance < old) m.set(key, distance);
}

/**
 * Edges from the network model: a detector feeds the detectors on links leaving the junction its link enters, and
 * on one link an advance detector feeds the stop-bar detector in front of it. Distances are metres along the road.
 */
export function edgesFromNetwork(network: NetworkModel): AdjacencyEdge[] {
  const links = new Map(linksOf(network).map((l) => [l.properties.id, l.properties]));
  const detectors = detectorsOf(network).map((d) => d.properties);
  const byLink = new Map<string, typeof detectors>();
  const leaving = new Map<string, typeof detectors>();
  for (const d of detectors) {
    const link = links.get(d.linkId);
    if (!link) continue;
    push(byLink, d.linkId, d);
    push(leaving, link.fromNode, d);
  }
  const edges: AdjacencyEdge[] = [];
  for (const d of detectors) {
    const link = links.get(d.linkId);
    if (!link) continue;
    for (const e of byLink.get(d.linkId) ?? []) {
      if (e.distanceFromStopLineM < d.distanceFromStopLineM) {
        edges.push({ from: d.id, to: e.id, distance: d.distanceFromStopLineM - e.distanceFromStopLineM });
      }
    }
    for (const e of leaving.get(link.toNode) ?? []) {
      const next = links.get(e.linkId);
      const intoNext = next ? Math.max(0, next.lengthM - e.distanceFromStopLineM) : 0;
      edges.push({ from: d.id, to: e.id, distance: d.distanceFromStopLineM + intoNext });
    }
  }
  return edges;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
