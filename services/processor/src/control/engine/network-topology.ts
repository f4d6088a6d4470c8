/**
 * What the engine needs from the network model, indexed once: junctions, links, each movement's exit link (from the
 * approach's heading and the turn, right-hand traffic), advance detectors per approach, detectors per junction, the
 * phases presence loops bound, and the arterial chains.
 */
import { detectorsOf, intersectionsOf, isPresenceLoop, linksOf, type IntersectionProperties, type LinkProperties, type NetworkModel, type Turn } from '@arterial/contracts/network';
import { phasePassageS, type ApproachDetection } from '../strategies/actuation';
import { angleBetweenDeg, arterialChains, bearingDeg, type ArterialChain } from '../strategies/arterial-chains';
import { exitKey } from '../strategies/strategy.types';

/** Heading change of each turn, right-hand traffic (a left turn heads 90° anticlockwise). */
const TURN_DEG: Record<Turn, number> = { left: -90, through: 0, right: 90, 'u-turn': 180 };
/** An exit link must leave within this many degrees of the turn's heading. */
const EXIT_TOLERANCE_DEG = 45;

export interface NetworkTopology {
  readonly junctions: ReadonlyMap<string, IntersectionProperties>;
  readonly links: ReadonlyMap<string, LinkProperties>;
  readonly exitLinks: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Distance from the stop line of the approach's advance detector(s), m. */
  readonly advanceDistanceM: ReadonlyMap<string, number>;
  readonly detectorsByJunction: ReadonlyMap<string, readonly string[]>;
  readonly detectorJunction: ReadonlyMap<string, string>;
  /** The approach a link arrives on (links end at one junction). */
  readonly approachByLink: ReadonlyMap<string, string>;
  readonly chains: readonly ArterialChain[];
  /** Passage (gap) time per phase of each junction, from its detectors' setbacks and approach speeds. */
  readonly passageS: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Per junction, the phases whose every approach has a presence loop on each lane (actuation.ts `withActuation`). */
  readonly presenceBoundedPhases: ReadonlyMap<string, ReadonlySet<number>>;
}

export function networkTopology(model: NetworkModel): NetworkTopology {
  const intersections = intersectionsOf(model);
  const links = new Map(linksOf(model).map((l) => [l.properties.id, l.properties]));
  const position = new Map(intersections.map((f) => [f.properties.id, f.geometry.coordinates]));
  const outgoing = new Map<string, Array<{ linkId: string; bearingDeg: number }>>();
  const geometry = new Map(linksOf(model).map((l) => [l.properties.id, l.geometry.coordinates]));
  for (const link of links.values()) {
    const here = position.get(link.fromNode);
    if (!here) continue;
    const coords = geometry.get(link.id)!;
    const there = position.get(link.toNode) ?? coords[coords.length - 1]!;
    const list = outgoing.get(link.fromNode) ?? [];
    list.push({ linkId: link.id, bearingDeg: bearingDeg(here, there) });
    outgoing.set(link.fromNode, list);
  }
  const exitLinks = new Map<string, Map<string, string>>();
  for (const f of intersections) {
    const j = f.properties;
    const exits = new Map<string, string>();
    for (const approach of j.approaches) {
      for (const turn of Object.keys(TURN_DEG) as Turn[]) {
        const heading = (approach.bearingDeg + TURN_DEG[turn] + 360) % 360;
        let best: { linkId: string; d: number } | undefined;
        for (const out of outgoing.get(j.id) ?? []) {
          const d = angleBetweenDeg(out.bearingDeg, heading);
          if (d <= EXIT_TOLERANCE_DEG && (!best || d < best.d)) best = { linkId: out.linkId, d };
        }
        if (best) exits.set(exitKey(approach.id, turn), best.linkId);
      }
    }
    exitLinks.set(j.id, exits);
  }
  const advanceDistanceM = new Map<string, number>();
  const nearestSetbackM = new Map<string, number>();
  const detectorsByJunction = new Map<string, string[]>();
  const presenceLanes = new Map<string, Set<number>>();
  for (const d of detectorsOf(model)) {
    const p = d.properties;
    nearestSetbackM.set(p.approachId, Math.min(nearestSetbackM.get(p.approachId) ?? Number.POSITIVE_INFINITY, p.distanceFromStopLineM));
    detectorsByJunction.set(p.intersectionId, [...(detectorsByJunction.get(p.intersectionId) ?? []), p.id]);
    if (p.placement === 'advance') advanceDistanceM.set(p.approachId, Math.max(advanceDistanceM.get(p.approachId) ?? 0, p.distanceFromStopLineM));
    // A loop before a lane split sees the queues of every lane it feeds (a turn bay too short for a loop of its own).
    if (isPresenceLoop(p.distanceFromStopLineM)) for (const lane of p.feedsLanes ?? [p.lane]) presenceLanes.set(p.approachId, (presenceLanes.get(p.approachId) ?? new Set()).add(lane));
  }
  const presenceBoundedPhases = new Map<string, ReadonlySet<number>>();
  for (const f of intersections) {
    const covered = new Set(f.properties.approaches.filter((a) => (presenceLanes.get(a.id)?.size ?? 0) >= a.lanes).map((a) => a.id));
    const phases = f.properties.phases.filter((ph) => ph.movements.length > 0 && ph.movements.every((m) => covered.has(m.approachId))).map((ph) => ph.id);
    if (phases.length > 0) presenceBoundedPhases.set(f.properties.id, new Set(phases));
  }
  const passageS = new Map<string, ReadonlyMap<number, number>>();
  for (const f of intersections) {
    const detection = new Map<string, ApproachDetection>();
    for (const a of f.properties.approaches) {
      const setbackM = nearestSetbackM.get(a.id);
      const link = links.get(a.linkId);
      if (setbackM !== undefined && link) detection.set(a.id, { setbackM, speedKph: link.speedLimitKph });
    }
    passageS.set(f.properties.id, phasePassageS(f.properties, detection));
  }
  return {
    passageS,
    presenceBoundedPhases,
    junctions: new Map(intersections.map((f) => [f.properties.id, f.properties])),
    links,
    exitLinks,
    advanceDistanceM,
    detectorsByJunction,
    detectorJunction: new Map(detectorsOf(model).map((d) => [d.properties.id, d.properties.intersectionId])),
    approachByLink: new Map(intersections.flatMap((f) => f.properties.approaches.map((a): [string, string] => [a.linkId, a.id]))),
    chains: arterialChains(model),
  };
}

/** Free-flow travel time of a link at its speed limit, s. */
export function freeFlowTravelTimeS(link: LinkProperties): number {
  return link.lengthM / (link.speedLimitKph / 3.6);
}
