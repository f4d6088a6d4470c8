/** The parts of a SUMO .net.xml the bridge and converter use: junctions, edges with lanes, traffic light programs. */
import { type OpenXmlFile, visitXmlFile, visitXmlText, type XmlVisitor } from './xml/xml-element.reader';

export interface NetLane {
  id: string;
  index: number;
  lengthM: number;
  speedMps: number;
  shape: [number, number][];
}
export interface NetEdge {
  id: string;
  from: string;
  to: string;
  name: string;
  lanes: NetLane[];
}
export interface NetJunction {
  id: string;
  type: string;
  x: number;
  y: number;
}
export interface NetTlPhase {
  durationS: number;
  state: string;
}
export interface NetTlLogic {
  id: string;
  programId: string;
  phases: NetTlPhase[];
}
export interface NetConnection {
  from: string;
  to: string;
  fromLane: number;
  /** Lane index on `to` (0 when the file omits it). */
  toLane: number;
  tl?: string;
  linkIndex?: number;
  dir: string;
}
export interface SumoNet {
  /** netOffset and projection from <location>: present when netconvert imported geo data. */
  location: { netOffset: [number, number]; projParameter: string; origBoundary: number[]; convBoundary: number[] };
  junctions: NetJunction[];
  edges: NetEdge[];
  tlLogics: NetTlLogic[];
  connections: NetConnection[];
}

const numbers = (s: string | undefined): number[] => (s ? s.split(/[ ,]+/).filter(Boolean).map(Number) : []);
const shapeOf = (s: string | undefined): [number, number][] =>
  (s ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((pt) => {
      const [x, y] = pt.split(',').map(Number);
      return [x ?? 0, y ?? 0];
    });

/** Reads a .net.xml file as a stream: only the parsed net is held in memory, never the file's text. */
export async function readSumoNet(netFile: string, open?: OpenXmlFile): Promise<SumoNet> {
  const collector = sumoNetCollector();
  await visitXmlFile(netFile, collector.visit, { open });
  return collector.net;
}

/** Parses a .net.xml already in memory (small generated nets, specs). */
export function parseSumoNet(xml: string, name = 'net.xml'): SumoNet {
  const collector = sumoNetCollector();
  visitXmlText(xml, collector.visit, name);
  return collector.net;
}

/** Builds the net element by element, whichever way the XML arrives. */
function sumoNetCollector(): { visit: XmlVisitor; net: SumoNet } {
  const net: SumoNet = { location: { netOffset: [0, 0], projParameter: '!', origBoundary: [], convBoundary: [] }, junctions: [], edges: [], tlLogics: [], connections: [] };
  const edges = new Map<string, NetEdge>();
  const logics = new Map<string, NetTlLogic>();
  const visit: XmlVisitor = (el) => {
    const a = el.attrs;
    switch (el.name) {
      case 'location': {
        const [ox, oy] = numbers(a.netOffset);
        net.location = { netOffset: [ox ?? 0, oy ?? 0], projParameter: a.projParameter ?? '!', origBoundary: numbers(a.origBoundary), convBoundary: numbers(a.convBoundary) };
        break;
      }
      case 'edge':
        // Internal edges (inside junctions) are not links.
        if (a.function !== 'internal' && a.id && a.from && a.to) {
          const edge: NetEdge = { id: a.id, from: a.from, to: a.to, name: a.name ?? '', lanes: [] };
          edges.set(a.id, edge);
          net.edges.push(edge);
        }
        break;
      case 'lane': {
        const edge = el.parent === 'edge' ? edges.get(el.parentAttrs.id ?? '') : undefined;
        if (edge && a.id) edge.lanes.push({ id: a.id, index: Number(a.index ?? 0), lengthM: Number(a.length ?? 0), speedMps: Number(a.speed ?? 13.89), shape: shapeOf(a.shape) });
        break;
      }
      case 'junction':
        if (a.id && a.type !== 'internal') net.junctions.push({ id: a.id, type: a.type ?? '', x: Number(a.x ?? 0), y: Number(a.y ?? 0) });
        break;
      case 'tlLogic':
        if (a.id) {
          const logic: NetTlLogic = { id: a.id, programId: a.programID ?? '0', phases: [] };
          // The first program of a light is the one SUMO starts with.
          if (!logics.has(a.id)) {
            logics.set(a.id, logic);
            net.tlLogics.push(logic);
          }
        }
        break;
      case 'phase': {
        const logic = el.parent === 'tlLogic' ? logics.get(el.parentAttrs.id ?? '') : undefined;
        if (logic && logic.programId === (el.parentAttrs.programID ?? '0')) logic.phases.push({ durationS: Number(a.duration ?? 0), state: a.state ?? '' });
        break;
      }
      case 'connection':
        if (a.from && a.to && !a.from.startsWith(':')) {
          net.connections.push({ from: a.from, to: a.to, fromLane: Number(a.fromLane ?? 0), toLane: Number(a.toLane ?? 0), tl: a.tl, linkIndex: a.linkIndex === undefined ? undefined : Number(a.linkIndex), dir: a.dir ?? 's' });
        }
        break;
      default:
        break;
    }
  };
  return { visit, net };
}
