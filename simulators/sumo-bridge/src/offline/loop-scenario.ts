/**
 * A SUMO scenario meant to run alone (no TraCI, no MQTT) for days: a signalised netgenerate grid with two lanes a
 * direction, one stop-bar induction loop per lane entering a signal that writes SUMO's own aggregated output
 * (`<interval … nVehContrib occupancy speed>` every `loopPeriodS`), daily edge statistics for checking that the grid
 * does not lock up, constant fringe-to-fringe flows (give them a day profile and variation with the traffic
 * simulator's varying-flows CLI), optionally random (Bernoulli) instead of evenly spaced arrivals, and optional
 * incidents: a vehicle stopped on one lane, or the whole approach closed, for a while. Signals are fixed-time (90 s
 * cycle) or actuated (SUMO's gap-based control on detectors it places itself; the stop-bar loops only record).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from '@arterial/device-kit';
import { loopIdForLane } from '../grid-scenario';
import { parseSumoNet, type NetEdge, type SumoNet } from '../sumo-net';
import { sumoEnv } from '../sumo-process';
import { approachClosuresXml } from './approach-closures';
import { withRandomArrivals } from './random-arrivals';

export interface LoopIncident {
  /** Simulation second the stopped vehicle appears. */
  beginS: number;
  durationS: number;
  /** Edge the vehicle stops on, on its right lane; default: an interior edge chosen by the seed. */
  edgeId?: string;
}

export interface LoopScenarioOptions {
  dir: string;
  columns: number;
  rows: number;
  seconds: number;
  blockM?: number;
  lanes?: number;
  /** Vehicles per hour on each origin–destination flow (the AM peak once varying-flows applies the profile). */
  flowVph: number;
  /** Destinations per fringe entry. */
  destinations?: number;
  loopPeriodS?: number;
  seed?: number;
  incidents?: LoopIncident[];
  /** `stopped-vehicle` (default): one vehicle stopped on the right lane; `closed-approach`: every lane closed. */
  incidentKind?: IncidentKind;
  /** Flows with a per-second insertion `probability` instead of evenly spaced `vehsPerHour` (same mean rate). */
  randomArrivals?: boolean;
  /** `fixed-time` (default): netgenerate's static 90 s programs; `actuated`: the same phases, green 5–50 s by demand. */
  signals?: SignalControl;
}

export const SIGNAL_CONTROLS = ['fixed-time', 'actuated'] as const;
export type SignalControl = (typeof SIGNAL_CONTROLS)[number];

export const INCIDENT_KINDS = ['stopped-vehicle', 'closed-approach'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export interface LoopScenario {
  sumocfg: string;
  netFile: string;
  additionalFile: string;
  routesFile: string;
  /** SUMO's E1 output, written by the run. */
  loopsOutput: string;
  /** Daily edge statistics (timeLoss, teleported, departed), written by the run. */
  edgesOutput: string;
}

const DAY_S = 86_400;

export function buildLoopScenario(options: LoopScenarioOptions): LoopScenario {
  fs.mkdirSync(options.dir, { recursive: true });
  const file = (name: string): string => path.join(options.dir, name);
  execFileSync('netgenerate', netgenerateArgs(options, file('grid.net.xml')), { env: sumoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  return writeLoopScenarioFiles(parseSumoNet(fs.readFileSync(file('grid.net.xml'), 'utf8')), options);
}

/** netgenerate's arguments for the grid; actuated signals keep netgenerate's phases and its 5–50 s green bounds. */
export function netgenerateArgs(options: LoopScenarioOptions, netFile: string): string[] {
  return [
    '--grid', '--grid.x-number', String(options.columns), '--grid.y-number', String(options.rows),
    '--grid.length', String(options.blockM ?? 250), '--grid.attach-length', '200',
    '--tls.guess', 'true', '--tls.guess.threshold', '20', '--default.lanenumber', String(options.lanes ?? 2),
    '--tls.default-type', options.signals === 'actuated' ? 'actuated' : 'static',
    '--no-turnarounds', 'true', '--seed', String(options.seed ?? 1), '-o', netFile,
  ];
}

/** Loops, flows, incidents and config for the net already written to `grid.net.xml` in `options.dir`. */
export function writeLoopScenarioFiles(net: SumoNet, options: LoopScenarioOptions): LoopScenario {
  const file = (name: string): string => path.join(options.dir, name);
  const rng = new Rng(options.seed ?? 1);
  fs.writeFileSync(file('loops.add.xml'), loopsXml(net, options.loopPeriodS ?? 300, DAY_S));
  const flows = flowsXml(net, options, rng);
  fs.writeFileSync(file('routes.rou.xml'), options.randomArrivals ? withRandomArrivals(flows) : flows);
  const incidents = [...(options.incidents ?? [])].sort((a, b) => a.beginS - b.beginS);
  const closeApproaches = options.incidentKind === 'closed-approach';
  fs.writeFileSync(file('incidents.rou.xml'), incidentsXml(net, closeApproaches ? [] : incidents, rng));
  const additional = ['loops.add.xml'];
  if (closeApproaches) {
    const closures = incidents.map((incident, k) => ({ ...incident, edgeId: incidentEdge(net, incident, k, rng).id }));
    fs.writeFileSync(file('closures.add.xml'), approachClosuresXml(net.edges, closures));
    additional.push('closures.add.xml');
  }
  fs.writeFileSync(
    file('grid.sumocfg'),
    `<configuration>
  <input>
    <net-file value="grid.net.xml"/>
    <route-files value="routes.rou.xml,incidents.rou.xml"/>
    <additional-files value="${additional.join(',')}"/>
  </input>
  <time><begin value="0"/><end value="${options.seconds}"/></time>
  <processing><time-to-teleport value="300"/><ignore-route-errors value="true"/></processing>
  <report><no-step-log value="true"/><duration-log.statistics value="true"/></report>
</configuration>
`,
  );
  return {
    sumocfg: file('grid.sumocfg'),
    netFile: file('grid.net.xml'),
    additionalFile: file('loops.add.xml'),
    routesFile: file('routes.rou.xml'),
    loopsOutput: file('loops.out.xml'),
    edgesOutput: file('edges-daily.out.xml'),
  };
}

/** Lanes whose edge ends at a signal: where the stop-bar loops go. */
export function signalApproaches(net: SumoNet): NetEdge[] {
  const tls = new Set(net.tlLogics.map((t) => t.id));
  return net.edges.filter((e) => tls.has(e.to));
}

function loopsXml(net: SumoNet, periodS: number, edgePeriodS: number): string {
  const loops = signalApproaches(net)
    .flatMap((e) => e.lanes)
    .map((l) => `  <inductionLoop id="${loopIdForLane(l.id)}" lane="${l.id}" pos="${Math.max(0, l.lengthM - 5).toFixed(1)}" period="${periodS}" file="loops.out.xml"/>`);
  return `<additional>\n${loops.join('\n')}\n  <edgeData id="daily" period="${edgePeriodS}" file="edges-daily.out.xml" excludeEmpty="true"/>\n</additional>\n`;
}

function fringeEdges(net: SumoNet): { entries: NetEdge[]; exits: NetEdge[] } {
  const tls = new Set(net.tlLogics.map((t) => t.id));
  const fringe = new Set(net.junctions.filter((j) => !tls.has(j.id)).map((j) => j.id));
  return { entries: net.edges.filter((e) => fringe.has(e.from)), exits: net.edges.filter((e) => fringe.has(e.to)) };
}

function flowsXml(net: SumoNet, options: LoopScenarioOptions, rng: Rng): string {
  const { entries, exits } = fringeEdges(net);
  const flows: string[] = [];
  entries.forEach((from, i) => {
    // Several destinations per entry, none straight back out where the vehicle came from.
    const candidates = exits.filter((x) => x.to !== from.from);
    for (let d = 0; d < (options.destinations ?? 3) && candidates.length > 0; d++) {
      const to = candidates.splice(rng.index(candidates.length), 1)[0];
      if (!to) break;
      flows.push(
        `  <flow id="f${i}_${d}" type="car" from="${from.id}" to="${to.id}" begin="0" end="${options.seconds}" vehsPerHour="${options.flowVph}" departLane="best" departSpeed="max"/>`,
      );
    }
  });
  return `<routes>\n  <vType id="car" accel="2.6" decel="4.5" sigma="0.5" length="5" maxSpeed="16.7"/>\n${flows.join('\n')}\n</routes>\n`;
}

/** The incident's edge, or an interior approach (between two signals) chosen by the seed. */
function incidentEdge(net: SumoNet, incident: LoopIncident, k: number, rng: Rng): NetEdge {
  const interior = signalApproaches(net).filter((e) => net.tlLogics.some((t) => t.id === e.from));
  const edge = incident.edgeId !== undefined ? net.edges.find((e) => e.id === incident.edgeId) : interior[rng.index(interior.length)];
  if (!edge) throw new Error(`incident ${k}: no edge ${incident.edgeId ?? '(interior)'}`);
  return edge;
}

function incidentsXml(net: SumoNet, incidents: readonly LoopIncident[], rng: Rng): string {
  const vehicles = incidents.map((incident, k) => {
      const edge = incidentEdge(net, incident, k, rng);
      const lane = edge.lanes.find((l) => l.index === 0);
      if (!lane) throw new Error(`incident ${k}: edge ${edge.id} has no lane 0`);
      // Stopped mid-block on the right lane: traffic merges into the other lane(s) past it.
      const stopM = (lane.lengthM / 2).toFixed(1);
      return `  <vehicle id="incident${k}" type="stalled" depart="${incident.beginS}" departLane="0" departPos="0"><route edges="${edge.id}"/><stop lane="${lane.id}" endPos="${stopM}" duration="${incident.durationS}"/></vehicle>`;
    });
  // Its own type: SUMO rejects a vType defined in two route files.
  return `<routes>\n  <vType id="stalled" length="5" maxSpeed="16.7"/>\n${vehicles.join('\n')}\n</routes>\n`;
}
