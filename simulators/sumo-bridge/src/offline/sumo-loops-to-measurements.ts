/**
 * SUMO's own induction-loop output (E1 `<interval begin end id nVehContrib occupancy speed …>`) as the detector
 * measurement lines `npm run eval:prediction` reads, and the loops' upstream→downstream adjacency from the net, so a
 * SUMO run of days can be scored without the MQTT bridge. `ts` is the end of the interval (as in the contract's
 * measurement), simulation time 0 standing for `startMs`; SUMO writes speed −1 when no vehicle passed: null.
 */
import { type OpenXmlFile, visitXmlFile, visitXmlText, type XmlElement } from '../xml/xml-element.reader';
import type { NetInductionLoop } from '../convert/sumo-induction-loops';
import type { SumoNet } from '../sumo-net';

export interface MeasurementLine {
  detectorId: string;
  ts: number;
  intervalS: number;
  volume: number;
  occupancyPct: number;
  speedKph: number | null;
}

export interface AdjacencyRow {
  from: string;
  to: string;
  distance: number;
}

/** One `<interval>` of E1 output as a measurement line; undefined for any other element or an unusable interval. */
export function measurementOfInterval(element: XmlElement, startMs: number, idOf: (loopId: string) => string = (id) => id): MeasurementLine | undefined {
  if (element.name !== 'interval') return undefined;
  const a = element.attrs;
  const begin = Number(a.begin);
  const end = Number(a.end);
  const volume = Number(a.nVehContrib);
  const occupancy = Number(a.occupancy);
  if (!a.id || !Number.isFinite(begin) || !(end > begin) || !Number.isFinite(volume) || !Number.isFinite(occupancy)) return undefined;
  const speed = Number(a.speed);
  return {
    detectorId: idOf(a.id),
    ts: startMs + Math.round(end * 1000),
    intervalS: Math.round(end - begin),
    volume,
    occupancyPct: occupancy,
    speedKph: Number.isFinite(speed) && speed >= 0 ? Math.round(speed * 3.6 * 100) / 100 : null,
  };
}

/** Streams an E1 output file, handing each interval's line to `emit`; returns the number of lines. */
export async function convertLoopOutputFile(
  file: string,
  startMs: number,
  emit: (line: MeasurementLine) => void,
  options: { open?: OpenXmlFile; idOf?: (loopId: string) => string } = {},
): Promise<number> {
  let lines = 0;
  await visitXmlFile(
    file,
    (element) => {
      const line = measurementOfInterval(element, startMs, options.idOf);
      if (line) {
        lines++;
        emit(line);
      }
    },
    // A run stopped early leaves the file without its closing tag; its intervals are still good.
    { open: options.open, allowTruncated: true },
  );
  return lines;
}

/** E1 output already in memory (specs, small runs). */
export function convertLoopOutputText(xml: string, startMs: number, idOf?: (loopId: string) => string): MeasurementLine[] {
  const lines: MeasurementLine[] = [];
  visitXmlText(xml, (element) => {
    const line = measurementOfInterval(element, startMs, idOf);
    if (line) lines.push(line);
  });
  return lines;
}

/**
 * Loop A is upstream of loop B when A's lane has a connection into B's edge (a vehicle crossing A can next cross B);
 * the distance is the length of B's lane, the road between the two stop bars. Loops on unconnected lanes get no row.
 */
export function loopAdjacency(net: SumoNet, loops: readonly NetInductionLoop[], idOf: (loopId: string) => string = (id) => id): AdjacencyRow[] {
  const laneEdge = new Map<string, { edgeId: string; index: number; lengthM: number }>();
  for (const edge of net.edges) for (const lane of edge.lanes) laneEdge.set(lane.id, { edgeId: edge.id, index: lane.index, lengthM: lane.lengthM });
  const loopsByEdge = new Map<string, { id: string; lengthM: number }[]>();
  for (const loop of loops) {
    const lane = laneEdge.get(loop.laneId);
    if (!lane) continue;
    const list = loopsByEdge.get(lane.edgeId) ?? [];
    list.push({ id: loop.id, lengthM: lane.lengthM });
    loopsByEdge.set(lane.edgeId, list);
  }
  const rows = new Map<string, AdjacencyRow>();
  for (const loop of loops) {
    const lane = laneEdge.get(loop.laneId);
    if (!lane) continue;
    for (const c of net.connections) {
      if (c.from !== lane.edgeId || c.fromLane !== lane.index) continue;
      for (const next of loopsByEdge.get(c.to) ?? []) {
        const row = { from: idOf(loop.id), to: idOf(next.id), distance: Math.round(next.lengthM * 10) / 10 };
        rows.set(`${row.from}\u0000${row.to}`, row);
      }
    }
  }
  return [...rows.values()];
}

export function adjacencyCsv(rows: readonly AdjacencyRow[]): string {
  return `from,to,distance\n${rows.map((r) => `${r.from},${r.to},${r.distance}`).join('\n')}\n`;
}

/** Loop id → approach (station) id `<edgeId>-approach`, for the loops whose lane is in the net. */
export function approachOfLoops(net: SumoNet, loops: readonly NetInductionLoop[]): Map<string, string> {
  const edgeOfLane = new Map<string, string>();
  for (const edge of net.edges) for (const lane of edge.lanes) edgeOfLane.set(lane.id, edge.id);
  const approaches = new Map<string, string>();
  for (const loop of loops) {
    const edgeId = edgeOfLane.get(loop.laneId);
    if (edgeId !== undefined) approaches.set(loop.id, `${edgeId}-approach`);
  }
  return approaches;
}

/** Approach adjacency: an approach is upstream of every approach its edge connects into. */
export function approachAdjacency(net: SumoNet, approaches: ReadonlyMap<string, string>): AdjacencyRow[] {
  const present = new Set(approaches.values());
  const lengthOf = new Map(net.edges.map((e) => [e.id, e.lanes[0]?.lengthM ?? 0]));
  const rows = new Map<string, AdjacencyRow>();
  for (const c of net.connections) {
    const from = `${c.from}-approach`;
    const to = `${c.to}-approach`;
    if (present.has(from) && present.has(to)) rows.set(`${from}\u0000${to}`, { from, to, distance: Math.round((lengthOf.get(c.to) ?? 0) * 10) / 10 });
  }
  return [...rows.values()];
}

/**
 * Sums the lanes of one approach into one station per interval, as loop stations report: volume summed, occupancy
 * the lanes' mean, speed the volume-weighted mean of the lanes that saw vehicles. E1 output comes interval by
 * interval, so a station is emitted once a later interval starts (and the rest at `flush`).
 */
export class ApproachAggregator {
  private readonly open = new Map<string, { line: MeasurementLine; lanes: number; speedVolume: number; speedSum: number }>();

  constructor(
    private readonly approachOf: ReadonlyMap<string, string>,
    private readonly emit: (line: MeasurementLine) => void,
  ) {}

  add(line: MeasurementLine): void {
    const station = this.approachOf.get(line.detectorId);
    if (station === undefined) return;
    for (const [key, s] of this.open) {
      if (s.line.ts < line.ts) {
        this.emitStation(s);
        this.open.delete(key);
      }
    }
    const key = `${station}\u0000${line.ts}`;
    const s = this.open.get(key) ?? { line: { ...line, detectorId: station, volume: 0, occupancyPct: 0, speedKph: null }, lanes: 0, speedVolume: 0, speedSum: 0 };
    s.lanes++;
    s.line.volume += line.volume;
    s.line.occupancyPct += line.occupancyPct;
    if (line.speedKph !== null && line.volume > 0) {
      s.speedVolume += line.volume;
      s.speedSum += line.speedKph * line.volume;
    }
    this.open.set(key, s);
  }

  flush(): void {
    for (const s of [...this.open.values()].sort((a, b) => a.line.ts - b.line.ts)) this.emitStation(s);
    this.open.clear();
  }

  private emitStation(s: { line: MeasurementLine; lanes: number; speedVolume: number; speedSum: number }): void {
    const round = (x: number): number => Math.round(x * 100) / 100;
    this.emit({ ...s.line, occupancyPct: round(s.line.occupancyPct / s.lanes), speedKph: s.speedVolume > 0 ? round(s.speedSum / s.speedVolume) : null });
  }
}
