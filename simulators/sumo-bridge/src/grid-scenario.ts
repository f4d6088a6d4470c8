/**
 * Builds a self-contained SUMO scenario: a signalised grid from netgenerate, a stop-bar induction loop (and, when
 * asked, a queue loop) per lane entering each signal, and random flows between fringe edges (SUMO routes from/to flows itself at insertion,
 * so no Python randomTrips is needed).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from '@arterial/device-kit';
import { QUEUE_LOOP_SETBACK_M } from './detector-placement';
import { parseSumoNet, type SumoNet } from './sumo-net';
import { sumoEnv } from './sumo-process';

export interface GridScenarioOptions {
  dir: string;
  columns: number;
  rows: number;
  blockM?: number;
  seconds: number;
  /** Vehicles per hour on each flow. */
  flowVph?: number;
  /** Aggregation period written into the detector file (SUMO's own output, unused by the bridge). */
  loopPeriodS?: number;
  seed?: number;
  /**
   * Also a queue loop 22.5 m upstream on every lane entering a signal (detector-placement.ts `QUEUE_LOOP_SETBACK_M`),
   * which the bridge's actuation reads on presence; default false: stop-bar loops only.
   */
  queueLoops?: boolean;
  /**
   * Two lanes per direction and a left-turn bay of this length before every signal (netgenerate `--turn-lanes`), which
   * gives each signal protected left-turn phases; default none: one lane per approach, two phases.
   */
  turnBayM?: number;
}

export interface Scenario {
  sumocfg: string;
  netFile: string;
}

export function buildGridScenario(options: GridScenarioOptions): Scenario {
  fs.mkdirSync(options.dir, { recursive: true });
  const netFile = path.join(options.dir, 'grid.net.xml');
  execFileSync(
    'netgenerate',
    [
      '--grid', '--grid.x-number', String(options.columns), '--grid.y-number', String(options.rows),
      '--grid.length', String(options.blockM ?? 200), '--grid.attach-length', '150',
      // tls.guess with a low threshold signalises the grid crossings but not the dead-end fringe nodes.
      '--tls.guess', 'true', '--tls.guess.threshold', '20',
      ...(options.turnBayM ? ['--default.lanenumber', '2', '--turn-lanes', '1', '--turn-lanes.length', String(options.turnBayM)] : ['--default.lanenumber', '1']),
      '--no-turnarounds', 'true', '-o', netFile,
    ],
    { env: sumoEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const net = parseSumoNet(fs.readFileSync(netFile, 'utf8'));
  fs.writeFileSync(path.join(options.dir, 'detectors.add.xml'), detectorsXml(net, options.loopPeriodS ?? 60, options.queueLoops ?? false));
  fs.writeFileSync(path.join(options.dir, 'routes.rou.xml'), flowsXml(net, options.seconds, options.flowVph ?? 300, options.seed ?? 1));
  const sumocfg = path.join(options.dir, 'grid.sumocfg');
  fs.writeFileSync(
    sumocfg,
    `<configuration>
  <input>
    <net-file value="grid.net.xml"/>
    <route-files value="routes.rou.xml"/>
    <additional-files value="detectors.add.xml"/>
  </input>
  <time><begin value="0"/><end value="${options.seconds}"/></time>
</configuration>
`,
  );
  return { sumocfg, netFile };
}

/** Loop ids are `<laneId>-loop` with characters outside the contract id grammar replaced. */
export function loopIdForLane(laneId: string): string {
  return `${laneId}-loop`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Queue loop ids are `<laneId>-queue`, with the same replacement. */
export function queueLoopIdForLane(laneId: string): string {
  return `${laneId}-queue`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A stop-bar loop 5 m before the stop line and, when asked and the lane is long enough, a queue loop. */
function detectorsXml(net: SumoNet, periodS: number, queueLoops: boolean): string {
  const tls = new Set(net.tlLogics.map((t) => t.id));
  const loop = (id: string, laneId: string, posM: number): string => `  <inductionLoop id="${id}" lane="${laneId}" pos="${posM.toFixed(1)}" period="${periodS}" file="NUL"/>`;
  const loops = net.edges
    .filter((e) => tls.has(e.to))
    .flatMap((e) => e.lanes)
    .flatMap((l) => [
      loop(loopIdForLane(l.id), l.id, Math.max(0, l.lengthM - 5)),
      ...(queueLoops && l.lengthM > QUEUE_LOOP_SETBACK_M + 1 ? [loop(queueLoopIdForLane(l.id), l.id, l.lengthM - QUEUE_LOOP_SETBACK_M)] : []),
    ]);
  return `<additional>\n${loops.join('\n')}\n</additional>\n`;
}

function flowsXml(net: SumoNet, seconds: number, flowVph: number, seed: number): string {
  // The grid's dead ends (turn bays split edges at unsignalised nodes, which are not fringe).
  const fringe = new Set(net.junctions.filter((j) => j.type === 'dead_end' && !net.tlLogics.some((t) => t.id === j.id)).map((j) => j.id));
  const entries = net.edges.filter((e) => fringe.has(e.from));
  const exits = net.edges.filter((e) => fringe.has(e.to));
  // The seeded generator every emulated device draws from, so the same seed gives the same demand.
  const rng = new Rng(seed);
  const flows = entries.map((from, i) => {
    const candidates = exits.filter((x) => x.to !== from.from);
    const to = (candidates.length > 0 ? candidates[rng.index(candidates.length)] : undefined) ?? exits[0];
    return `  <flow id="f${i}" type="car" from="${from.id}" to="${to?.id ?? from.id}" begin="0" end="${seconds}" vehsPerHour="${flowVph}" departLane="best" departSpeed="max"/>`;
  });
  return `<routes>\n  <vType id="car" accel="2.6" decel="4.5" sigma="0.5" length="5" maxSpeed="16.7"/>\n${flows.join('\n')}\n</routes>\n`;
}
