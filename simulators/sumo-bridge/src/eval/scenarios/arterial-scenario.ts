/**
 * A coordinated arterial: a straight two-lane-each-way main street through `signals` junctions `spacingM` apart, a
 * one-lane side street crossing at each, heavy through traffic both ways and lighter side and turning demand. Built
 * with netconvert from plain node and edge files written here, so no XML is committed. With `surge`, through demand
 * west→east rises by `surge.extraVph` during the middle third of the run and a broken-down vehicle blocks the inner
 * eastbound lane between the middle junctions for that time (a lane closure). No detectors are written: the bridge
 * places stop-bar and advance loops on every controlled lane (`detectors: auto`).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sumoEnv } from '../../index';
import { flowXml, routesXml, sumocfgXml, type GeneratedScenario } from './scenario-files';

export interface ArterialScenarioOptions {
  dir: string;
  beginS: number;
  endS: number;
  /** Signalised junctions along the main street (5–8 make a corridor worth coordinating). */
  signals?: number;
  spacingM?: number;
  /** Through demand each way on the main street, vehicles per hour. */
  throughVph?: number;
  /** Side street demand each way at each junction, vehicles per hour. */
  sideVph?: number;
  surge?: { extraVph: number };
}

const MAIN_SPEED_MPS = 13.89;
const SIDE_SPEED_MPS = 11.11;
const SIDE_LENGTH_M = 200;
const END_LENGTH_M = 250;

export function buildArterialScenario(o: ArterialScenarioOptions): GeneratedScenario {
  const n = o.signals ?? 6;
  const spacing = o.spacingM ?? 300;
  fs.mkdirSync(o.dir, { recursive: true });
  const j = (i: number): string => `J${i}`;
  const nodes = [
    `  <node id="W" x="${-END_LENGTH_M}" y="0" type="priority"/>`,
    `  <node id="E" x="${(n - 1) * spacing + END_LENGTH_M}" y="0" type="priority"/>`,
    ...Array.from({ length: n }, (_, i) => [
      `  <node id="${j(i)}" x="${i * spacing}" y="0" type="traffic_light"/>`,
      `  <node id="N${i}" x="${i * spacing}" y="${SIDE_LENGTH_M}" type="priority"/>`,
      `  <node id="S${i}" x="${i * spacing}" y="${-SIDE_LENGTH_M}" type="priority"/>`,
    ]).flat(),
  ];
  const main = (from: string, to: string): string => `  <edge id="${from}${to}" from="${from}" to="${to}" numLanes="2" speed="${MAIN_SPEED_MPS}"/>`;
  const side = (from: string, to: string): string => `  <edge id="${from}${to}" from="${from}" to="${to}" numLanes="1" speed="${SIDE_SPEED_MPS}"/>`;
  const chain = ['W', ...Array.from({ length: n }, (_, i) => j(i)), 'E'];
  const edges = [
    ...chain.slice(1).flatMap((to, i) => [main(chain[i]!, to), main(to, chain[i]!)]),
    ...Array.from({ length: n }, (_, i) => [side(`N${i}`, j(i)), side(j(i), `N${i}`), side(`S${i}`, j(i)), side(j(i), `S${i}`)]).flat(),
  ];
  const nodFile = path.join(o.dir, 'arterial.nod.xml');
  const edgFile = path.join(o.dir, 'arterial.edg.xml');
  const netFile = path.join(o.dir, 'arterial.net.xml');
  fs.writeFileSync(nodFile, `<nodes>\n${nodes.join('\n')}\n</nodes>\n`);
  fs.writeFileSync(edgFile, `<edges>\n${edges.join('\n')}\n</edges>\n`);
  execFileSync('netconvert', ['--node-files', nodFile, '--edge-files', edgFile, '--no-turnarounds', 'true', '--tls.default-type', 'static', '-o', netFile], {
    env: sumoEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const through = o.throughVph ?? 1100;
  const sideVph = o.sideVph ?? 220;
  const window = { beginS: o.beginS, endS: o.endS };
  const flows = [
    flowXml('we', 'WJ0', `${j(n - 1)}E`, through, window),
    flowXml('ew', `EJ${n - 1}`, 'J0W', through, window),
    ...Array.from({ length: n }, (_, i) => [
      flowXml(`ns${i}`, `N${i}${j(i)}`, `${j(i)}S${i}`, sideVph, window),
      flowXml(`sn${i}`, `S${i}${j(i)}`, `${j(i)}N${i}`, sideVph, window),
      // Turning traffic joins and leaves the main street, so the through platoon is not the only user of its green.
      flowXml(`ne${i}`, `N${i}${j(i)}`, `${j(n - 1)}E`, sideVph / 4, window),
      flowXml(`ws${i}`, 'WJ0', `${j(i)}S${i}`, sideVph / 4, window),
    ]).flat(),
  ];
  const incidents: string[] = [];
  if (o.surge) {
    const third = (o.endS - o.beginS) / 3;
    const surgeWindow = { beginS: Math.round(o.beginS + third), endS: Math.round(o.beginS + 2 * third) };
    flows.push(flowXml('we-surge', 'WJ0', `${j(n - 1)}E`, o.surge.extraVph, surgeWindow));
    const mid = Math.floor((n - 1) / 2);
    const blocked = `${j(mid)}${j(mid + 1)}`;
    // A broken-down car on the inner lane (index 1) for the surge: traffic behind it must merge into one lane.
    incidents.push(
      `  <vehicle id="incident" type="car" depart="${surgeWindow.beginS}" departLane="1" departPos="${spacing / 2}" departSpeed="0">\n` +
        `    <route edges="${blocked} ${j(mid + 1)}${j(mid + 2 < n ? mid + 2 : mid + 1)}"/>\n` +
        `    <stop lane="${blocked}_1" endPos="${spacing / 2 + 5}" duration="${surgeWindow.endS - surgeWindow.beginS}"/>\n  </vehicle>`,
    );
  }
  fs.writeFileSync(path.join(o.dir, 'routes.rou.xml'), routesXml([...flows, ...incidents]));
  const sumocfg = path.join(o.dir, 'arterial.sumocfg');
  fs.writeFileSync(sumocfg, sumocfgXml({ net: 'arterial.net.xml', routes: 'routes.rou.xml', ...window }));
  return { sumocfg, netFile };
}
