#!/usr/bin/env node
/**
 * `node simulators/sumo-bridge/dist/offline/loop-scenario.cli.js --dir DIR [--columns 3 --rows 3 --days 7
 * --flow-vph 90 --seed 3 --incidents DAY:HOUR:MINUTES,… --incident-kind stopped-vehicle|closed-approach
 * --random-arrivals --signals fixed-time|actuated]` writes a loop-output grid scenario (loop-scenario.ts); `… --summary DIR` prints, after the run,
 * the per-day departures, mean time loss and teleports from its edge data; `… --to-random-arrivals FILE` rewrites a
 * route file's `vehsPerHour` flows into `probability` flows in place (after varying-flows, which needs vehsPerHour).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { dailyTrafficSummary } from './daily-traffic-summary';
import { buildLoopScenario, INCIDENT_KINDS, SIGNAL_CONTROLS, type IncidentKind, type LoopIncident, type SignalControl } from './loop-scenario';
import { withRandomArrivals } from './random-arrivals';

const DAY_S = 86_400;

/** `DAY:HOUR:MINUTES` (day 0 is the first): a stopped vehicle at that local hour for that many minutes. */
export function parseIncidents(text: string): LoopIncident[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const [day, hour, minutes] = item.split(':').map(Number);
      if (day === undefined || hour === undefined || minutes === undefined || ![day, hour, minutes].every(Number.isFinite)) {
        throw new Error(`--incidents: expected DAY:HOUR:MINUTES, got ${JSON.stringify(item)}`);
      }
      return { beginS: Math.round(day * DAY_S + hour * 3600), durationS: Math.round(minutes * 60) };
    });
}

function isIncidentKind(text: string): text is IncidentKind {
  return (INCIDENT_KINDS as readonly string[]).includes(text);
}

function isSignalControl(text: string): text is SignalControl {
  return (SIGNAL_CONTROLS as readonly string[]).includes(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      columns: { type: 'string' },
      rows: { type: 'string' },
      days: { type: 'string' },
      'flow-vph': { type: 'string' },
      seed: { type: 'string' },
      incidents: { type: 'string' },
      summary: { type: 'string' },
      'incident-kind': { type: 'string' },
      'random-arrivals': { type: 'boolean' },
      'to-random-arrivals': { type: 'string' },
      signals: { type: 'string' },
    },
    strict: true,
  });
  if (values.summary) {
    for (const day of await dailyTrafficSummary(path.join(values.summary, 'edges-daily.out.xml'))) process.stdout.write(`${JSON.stringify(day)}\n`);
    return;
  }
  const routesFile = values['to-random-arrivals'];
  if (routesFile) {
    fs.writeFileSync(routesFile, withRandomArrivals(fs.readFileSync(routesFile, 'utf8')));
    return;
  }
  const incidentKind = values['incident-kind'] ?? 'stopped-vehicle';
  if (!isIncidentKind(incidentKind)) throw new Error(`--incident-kind: one of ${INCIDENT_KINDS.join(', ')}`);
  const signals = values.signals ?? 'fixed-time';
  if (!isSignalControl(signals)) throw new Error(`--signals: one of ${SIGNAL_CONTROLS.join(', ')}`);
  if (!values.dir) throw new Error('usage: loop-scenario.cli.js --dir DIR [--columns 3 --rows 3 --days 7 --flow-vph 90 --seed 3 --incidents D:H:MIN,… --incident-kind K --random-arrivals --signals fixed-time|actuated] | --summary DIR | --to-random-arrivals FILE');
  const scenario = buildLoopScenario({
    dir: values.dir,
    columns: Number(values.columns ?? 3),
    rows: Number(values.rows ?? 3),
    seconds: Math.round(Number(values.days ?? 7) * DAY_S),
    flowVph: Number(values['flow-vph'] ?? 90),
    seed: Number(values.seed ?? 3),
    incidents: parseIncidents(values.incidents ?? ''),
    incidentKind,
    randomArrivals: values['random-arrivals'] ?? false,
    signals,
  });
  process.stdout.write(`${JSON.stringify(scenario)}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
