/**
 * SUMO .net.xml (plus optional additional files with induction loops and lane-area detectors) → Arterial network model (GeoJSON).
 * Signalised junctions become intersections with phases from their SUMO program, edges become links, loops on
 * lanes entering a signal become detectors. Coordinates: if netconvert kept geo bounds (projParameter set), net
 * x/y are interpolated linearly inside them; otherwise the net's metres are placed around `origin`.
 */
import { type DetectorFeature, type IntersectionFeature, type LinkFeature, type Movement, type NetworkModel, NETWORK_FORMAT, NETWORK_FORMAT_VERSION, parseNetworkModel, type PhaseDefinition, type Turn } from '@arterial/contracts/network';
import { phaseLimitsOf } from '../junction-limits';
import { laneChains, type LaneChains } from '../lane-chains';
import { signalProgramOf } from '../signal-program';
import { type NetConnection, type NetEdge, type NetLane, type NetTlLogic, parseSumoNet, readSumoNet, type SumoNet } from '../sumo-net';
import type { OpenXmlFile } from '../xml/xml-element.reader';
import { type NetInductionLoop, parseInductionLoops, readInductionLoops } from './sumo-induction-loops';

export interface NetworkOptions {
  name: string;
  /** WGS84 [lon, lat] where the net's centre is placed when it carries no geo reference. */
  origin?: [number, number];
  detectorIntervalS?: number;
  minGreenS?: number;
}

export interface ConvertOptions extends NetworkOptions {
  /** Contents of additional files declaring induction loops. */
  additionalXml?: string[];
}

export interface ConvertFileOptions extends NetworkOptions {
  /** Additional files declaring induction loops. */
  additionalFiles?: string[];
  /** How files are opened as byte streams (default: 64 KiB chunks from disk). */
  open?: OpenXmlFile;
}

type LonLat = [number, number];

/** Contract ids are `[A-Za-z0-9_-]{1,64}`; SUMO ids that already fit are kept as they are. */
export function contractId(sumoId: string): string {
  return sumoId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || '_';
}

/** Detectors up to this far from the stop line count as stop-bar detectors, farther ones as advance. */
export const STOP_BAR_MAX_DISTANCE_M = 30;

const TURNS: Record<string, Turn> = { s: 'through', l: 'left', L: 'left', r: 'right', R: 'right', t: 'u-turn' };
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** Converts a .net.xml held in memory, with the contents of its additional files. */
export function sumoNetToNetwork(netXml: string, options: ConvertOptions): NetworkModel {
  const loops = (options.additionalXml ?? []).flatMap((xml, i) => parseInductionLoops(xml, `additional file ${i + 1}`));
  return networkOfSumoNet(parseSumoNet(netXml), loops, options);
}

/** Converts a .net.xml file and its additional files, streaming each so a city-sized net is never read whole. */
export async function sumoNetFileToNetwork(netFile: string, options: ConvertFileOptions): Promise<NetworkModel> {
  const net = await readSumoNet(netFile, options.open);
  const loops: NetInductionLoop[] = [];
  for (const file of options.additionalFiles ?? []) loops.push(...(await readInductionLoops(file, options.open)));
  return networkOfSumoNet(net, loops, options);
}

export function networkOfSumoNet(net: SumoNet, loops: NetInductionLoop[], options: NetworkOptions): NetworkModel {
  const toLonLat = projection(net, options.origin ?? [116.3975, 39.9087]);
  const junctions = new Map(net.junctions.map((j) => [j.id, j]));
  const edges = new Map(net.edges.map((e) => [e.id, e]));
  const features: (IntersectionFeature | LinkFeature | DetectorFeature)[] = [];

  const laneEdge = new Map<string, { edge: NetEdge; lane: NetLane }>();
  for (const e of net.edges) for (const l of e.lanes) laneEdge.set(l.id, { edge: e, lane: l });

  for (const e of net.edges) {
    const mid = e.lanes[Math.floor(e.lanes.length / 2)];
    const from = junctions.get(e.from);
    const to = junctions.get(e.to);
    const shape = mid && mid.shape.length >= 2 ? mid.shape : from && to ? [[from.x, from.y] as [number, number], [to.x, to.y] as [number, number]] : [];
    if (shape.length < 2) continue;
    const lanes = clamp(e.lanes.length, 1, 12);
    features.push({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: shape.map(([x, y]) => toLonLat(x, y)) },
      properties: {
        kind: 'link', id: contractId(e.id), name: e.name.slice(0, 128), fromNode: contractId(e.from), toNode: contractId(e.to), lanes,
        lengthM: Math.max(0.1, round(mid?.lengthM ?? 1, 1)), speedLimitKph: clamp(round((mid?.speedMps ?? 13.89) * 3.6, 1), 1, 200), capacityVph: lanes * 1800,
      },
    });
  }

  // Grouped once: a city has thousands of lights and hundreds of thousands of connections.
  const tlConnections = new Map<string, NetConnection[]>();
  for (const c of net.connections) {
    if (c.tl === undefined || c.linkIndex === undefined) continue;
    const list = tlConnections.get(c.tl);
    if (list) list.push(c);
    else tlConnections.set(c.tl, [c]);
  }
  const intersectionEdges = new Map<string, string>(); // incoming edge id → intersection id
  for (const tl of net.tlLogics) {
    const intersection = intersectionOf(tl, tlConnections.get(tl.id) ?? [], edges, junctions, toLonLat, options.minGreenS ?? 5);
    if (!intersection) continue;
    features.push(intersection.feature);
    for (const edgeId of intersection.incoming) intersectionEdges.set(edgeId, intersection.feature.properties.id);
  }

  let chains: LaneChains | undefined;
  for (const loop of loops) {
    const found = laneEdge.get(loop.laneId);
    if (!found) continue;
    const posM = loop.posM < 0 ? found.lane.lengthM + loop.posM : loop.posM;
    // On an approach, or on the lanes before one (lane-chains.ts: loops placed before a lane split); the contract ties
    // every detector to an intersection approach, so others are left out.
    let approach: { edge: NetEdge; lane: NetLane; distanceM: number; feeds?: number[] } | undefined;
    if (intersectionEdges.has(found.edge.id)) approach = { ...found, distanceM: found.lane.lengthM - posM };
    else {
      chains ??= laneChains(net);
      const fed = chains.feeds(loop.laneId, posM);
      const targets = (fed?.controlledLanes ?? []).flatMap((id) => laneEdge.get(id) ?? []);
      const edgeIds = new Set(targets.map((t) => t.edge.id));
      const first = [...targets].sort((a, b) => a.lane.index - b.lane.index)[0];
      // Every stop-line lane it feeds: its presence calls stand for the queues of all of them (network-topology.ts).
      const feeds = [...new Set(targets.map((t) => clamp(t.lane.index + 1, 1, 12)))].sort((a, b) => a - b);
      if (fed && first && edgeIds.size === 1) approach = { edge: first.edge, lane: first.lane, distanceM: fed.toStopLineM, ...(feeds.length > 1 ? { feeds } : {}) };
    }
    const intersectionId = approach && intersectionEdges.get(approach.edge.id);
    if (!approach || !intersectionId) continue;
    const [x, y] = pointAlong(found.lane.shape, posM);
    const distance = Math.max(0, round(approach.distanceM, 1));
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: toLonLat(x, y) },
      properties: {
        kind: 'detector', id: contractId(loop.id), intersectionId, approachId: contractId(`${intersectionId}-${approach.edge.id}`), linkId: contractId(approach.edge.id),
        lane: clamp(approach.lane.index + 1, 1, 12), ...(approach.feeds ? { feedsLanes: approach.feeds } : {}), placement: distance <= STOP_BAR_MAX_DISTANCE_M ? 'stop-bar' : 'advance', distanceFromStopLineM: distance,
        // A lane-area detector measures a stretch of lane, as a camera does.
        technology: loop.kind === 'lane-area' ? 'video' : 'loop',
        intervalS: options.detectorIntervalS ?? 60,
      },
    });
  }

  const view = centreOf(net, toLonLat);
  return parseNetworkModel({ type: 'FeatureCollection', format: NETWORK_FORMAT, version: NETWORK_FORMAT_VERSION, name: options.name, view: { center: view, zoom: 15 }, features });
}

function intersectionOf(
  tl: NetTlLogic, links: NetConnection[], edges: Map<string, NetEdge>, junctions: Map<string, { x: number; y: number }>, toLonLat: (x: number, y: number) => LonLat, minGreenS: number,
): { feature: IntersectionFeature; incoming: string[] } | undefined {
  const tlsId = tl.id;
  if (tl.phases.length === 0) return undefined;
  const program = signalProgramOf({ programId: tl.programId, type: 0, currentPhaseIndex: 0, phases: tl.phases.map((p) => ({ ...p, minDurS: p.durationS, maxDurS: p.durationS, next: [], name: '' })), subParameters: {} });
  if (program.phases.length < 2) return undefined; // the format needs two phases at least
  const id = contractId(tlsId);
  const incoming = [...new Set(links.map((c) => c.from))].filter((e) => edges.has(e));
  if (incoming.length === 0) return undefined;
  const approachId = (edgeId: string): string => contractId(`${id}-${edgeId}`);
  const approaches = incoming.map((edgeId) => {
    const e = edges.get(edgeId) as NetEdge;
    const laneTurns = laneTurnsOf(edgeId, e.lanes.length, links);
    return { id: approachId(edgeId), linkId: contractId(edgeId), bearingDeg: bearingOf(e), lanes: clamp(e.lanes.length, 1, 12), ...(laneTurns ? { laneTurns } : {}) };
  });
  const phases: PhaseDefinition[] = program.phases.map((ph) => {
    const state = tl.phases[ph.greenIndex]?.state ?? '';
    const movements = new Map<string, Movement>();
    for (const c of links) {
      const signal = state[c.linkIndex ?? -1];
      if (signal !== 'G' && signal !== 'g') continue;
      const turn = TURNS[c.dir];
      if (!turn) continue;
      const key = `${c.from}/${turn}`;
      const prev = movements.get(key);
      movements.set(key, { approachId: approachId(c.from), turn, protected: (prev?.protected ?? false) || signal === 'G' });
    }
    return {
      id: ph.id, name: `Phase ${ph.id}`, movements: [...movements.values()], ...phaseLimitsOf(ph, minGreenS),
    };
  });
  const ids = phases.map((p) => p.id);
  const conflicts: [number, number][] = [];
  // Single ring: SUMO serves the green phases one after another, so no two may be green together.
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) conflicts.push([ids[i] as number, ids[j] as number]);
  const j = junctions.get(tlsId) ?? meanOf(incoming.map((e) => junctions.get((edges.get(e) as NetEdge).to)).filter((p): p is { x: number; y: number } => !!p));
  return {
    incoming,
    feature: {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: toLonLat(j.x, j.y) },
      properties: {
        kind: 'intersection', id, name: `SUMO ${tlsId}`.slice(0, 128), approaches, phases, sequence: ids, conflicts,
        fallbackPlan: { planId: contractId(`sumo-${tl.programId}`), cycleS: clamp(Math.round(program.cycleS), 20, 600), offsetS: 0, splits: program.phases.map((p) => ({ phase: p.id, greenS: p.greenS })) },
      },
    },
  };
}

function projection(net: SumoNet, origin: LonLat): (x: number, y: number) => LonLat {
  const { projParameter, origBoundary: ob, convBoundary: cb } = net.location;
  const [cx0, cy0, cx1, cy1] = cb;
  const [ox0, oy0, ox1, oy1] = ob;
  if (projParameter !== '!' && cx0 !== undefined && cy0 !== undefined && cx1 !== undefined && cy1 !== undefined && ox0 !== undefined && oy0 !== undefined && ox1 !== undefined && oy1 !== undefined && cx1 > cx0 && cy1 > cy0) {
    // netconvert stores the geo bounds of the input in origBoundary (lon/lat) and the net's in convBoundary.
    return (x, y) => [round(ox0 + ((x - cx0) / (cx1 - cx0)) * (ox1 - ox0), 7), round(oy0 + ((y - cy0) / (cy1 - cy0)) * (oy1 - oy0), 7)];
  }
  const midX = cx0 !== undefined && cx1 !== undefined ? (cx0 + cx1) / 2 : 0;
  const midY = cy0 !== undefined && cy1 !== undefined ? (cy0 + cy1) / 2 : 0;
  const mPerDegLat = 110540;
  const mPerDegLon = 111320 * Math.cos((origin[1] * Math.PI) / 180);
  return (x, y) => [round(origin[0] + (x - midX) / mPerDegLon, 7), round(origin[1] + (y - midY) / mPerDegLat, 7)];
}

function centreOf(net: SumoNet, toLonLat: (x: number, y: number) => LonLat): LonLat {
  const [x0, y0, x1, y1] = net.location.convBoundary;
  return x0 !== undefined && y0 !== undefined && x1 !== undefined && y1 !== undefined ? toLonLat((x0 + x1) / 2, (y0 + y1) / 2) : toLonLat(0, 0);
}

/** Compass bearing of travel at the end of the edge (into the junction), degrees clockwise from north. */
function bearingOf(e: NetEdge): number {
  const shape = e.lanes[0]?.shape ?? [];
  const a = shape[shape.length - 2];
  const b = shape[shape.length - 1];
  if (!a || !b) return 0;
  const deg = (Math.atan2(b[0] - a[0], b[1] - a[1]) * 180) / Math.PI;
  return round((deg + 360) % 360, 1);
}

function pointAlong(shape: [number, number][], distanceM: number): [number, number] {
  let left = distanceM;
  for (let i = 1; i < shape.length; i++) {
    const a = shape[i - 1] as [number, number];
    const b = shape[i] as [number, number];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (left <= len && len > 0) return [a[0] + ((b[0] - a[0]) * left) / len, a[1] + ((b[1] - a[1]) * left) / len];
    left -= len;
  }
  return shape[shape.length - 1] ?? [0, 0];
}

function meanOf(points: { x: number; y: number }[]): { x: number; y: number } {
  const n = Math.max(1, points.length);
  return { x: points.reduce((s, p) => s + p.x, 0) / n, y: points.reduce((s, p) => s + p.y, 0) / n };
}

/**
 * The turns each lane of an incoming edge serves, from the signal's connections (lane index 0 first, as the detectors'
 * lane 1); undefined when a lane has no connection of a known turn or the edge has more lanes than the format allows.
 */
export function laneTurnsOf(edgeId: string, laneCount: number, links: readonly NetConnection[]): Turn[][] | undefined {
  if (laneCount < 1 || laneCount > 12) return undefined;
  const lanes: Turn[][] = [];
  for (let i = 0; i < laneCount; i++) {
    const turns = [...new Set(links.filter((c) => c.from === edgeId && c.fromLane === i).flatMap((c) => (TURNS[c.dir] ? [TURNS[c.dir] as Turn] : [])))];
    if (turns.length === 0) return undefined;
    lanes.push(turns);
  }
  return lanes;
}
