/**
 * Arterials from the network geometry: chains of signalised junctions joined by links that carry on in the same
 * direction (bearing within 30° of straight on). A grid gives one chain per row and per column. Topology only; which
 * chains are coordinated, and which junctions each one claims, depends on flows (coordination-groups.ts).
 */
import { intersectionsOf, linksOf, type NetworkModel } from '@arterial/contracts/network';

/** Straight on: the next link's bearing within this many degrees of the previous one. */
export const STRAIGHT_TOLERANCE_DEG = 30;

export interface ArterialChain {
  readonly id: string;
  /** Junctions in order along the chain ("forward" is from index 0 to the end). */
  readonly junctionIds: readonly string[];
  /** links[i]: forward link from junction i to i + 1 and backward link from i + 1 to i (undefined on one-way streets). */
  readonly links: ReadonlyArray<{ readonly forward?: string; readonly backward?: string }>;
}

interface Neighbour {
  readonly id: string;
  readonly bearingDeg: number;
  readonly outLinkId?: string;
  readonly inLinkId?: string;
}

/** Initial bearing from a to b (degrees clockwise from north), on a local flat approximation. */
export function bearingDeg(a: readonly [number, number], b: readonly [number, number]): number {
  const dx = (b[0] - a[0]) * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dy = b[1] - a[1];
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

export function angleBetweenDeg(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

function neighbourIndex(model: NetworkModel): Map<string, Neighbour[]> {
  const position = new Map(intersectionsOf(model).map((f) => [f.properties.id, f.geometry.coordinates]));
  const byPair = new Map<string, { out?: string; in?: string }>();
  const index = new Map<string, Neighbour[]>([...position.keys()].map((id) => [id, []]));
  for (const link of linksOf(model)) {
    const { fromNode, toNode, id } = link.properties;
    if (!position.has(fromNode) || !position.has(toNode) || fromNode === toNode) continue;
    const a = `${fromNode}\u0000${toNode}`;
    const b = `${toNode}\u0000${fromNode}`;
    byPair.set(a, { ...byPair.get(a), out: id });
    byPair.set(b, { ...byPair.get(b), in: id });
  }
  for (const [key, ends] of byPair) {
    const [from, to] = key.split('\u0000') as [string, string];
    index.get(from)!.push({ id: to, bearingDeg: bearingDeg(position.get(from)!, position.get(to)!), ...(ends.out ? { outLinkId: ends.out } : {}), ...(ends.in ? { inLinkId: ends.in } : {}) });
  }
  for (const list of index.values()) list.sort((x, y) => x.bearingDeg - y.bearingDeg || x.id.localeCompare(y.id));
  return index;
}

function straightOn(list: readonly Neighbour[], headingDeg: number): Neighbour | undefined {
  let best: Neighbour | undefined;
  for (const n of list) {
    const d = angleBetweenDeg(n.bearingDeg, headingDeg);
    if (d <= STRAIGHT_TOLERANCE_DEG && (!best || d < angleBetweenDeg(best.bearingDeg, headingDeg))) best = n;
  }
  return best;
}

/** Every maximal straight chain of two or more junctions, each found once, in a stable order. */
export function arterialChains(model: NetworkModel): ArterialChain[] {
  const index = neighbourIndex(model);
  const used = new Set<string>();
  const chains: ArterialChain[] = [];
  const starts = [...index.keys()].sort();
  for (const start of starts) {
    for (const first of index.get(start)!) {
      // A chain starts where nothing continues it backwards.
      if (straightOn(index.get(start)!, (first.bearingDeg + 180) % 360)) continue;
      if (used.has(`${start}>${first.id}`)) continue;
      const junctionIds = [start];
      const links: Array<{ forward?: string; backward?: string }> = [];
      let here = start;
      let step: Neighbour | undefined = first;
      while (step && !junctionIds.includes(step.id)) {
        used.add(`${here}>${step.id}`).add(`${step.id}>${here}`);
        links.push({ ...(step.outLinkId ? { forward: step.outLinkId } : {}), ...(step.inLinkId ? { backward: step.inLinkId } : {}) });
        junctionIds.push(step.id);
        const heading = step.bearingDeg;
        here = step.id;
        step = straightOn(index.get(here)!, heading);
      }
      chains.push({ id: `${junctionIds[0]}~${junctionIds[junctionIds.length - 1]}`, junctionIds, links });
    }
  }
  return chains;
}
