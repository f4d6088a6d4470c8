/** Command-line options of the offline runner (`npm run sim`), parsed and checked without side effects. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { NO_FAULTS, type FaultRates } from '../model/detector-faults';
import type { LaneClosure } from '../model/incidents';
import { FAULT_RATE_ARG_OPTIONS, FAULT_RATE_USAGE, numberFlag, parseTrafficArgs, SCENARIO_ARG_OPTIONS, SCENARIO_USAGE } from '../traffic-options';

export const DEMO_NETWORK_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

export const OFFLINE_USAGE = `Usage: npm run sim -- [options]   (node simulators/traffic/dist/sim-cli.js)
  --network demo|FILE        network model (default demo: firmware-contracts/networks/demo.geojson)
  --hours H                  simulated hours (default 24)
  --speed N                  pace at N × real time (default: as fast as possible)
  --start ISO                simulated start (default: today 00:00 local time at --utc-offset)
${SCENARIO_USAGE}
${FAULT_RATE_USAGE}
  --out FILE                 write every detector measurement as NDJSON
  --help                     this text
Progress goes to stderr; the last stdout line is a JSON summary.`;

export interface OfflineCliOptions {
  networkFile: string;
  hours: number;
  speed: number | undefined;
  seed: number;
  startMs: number;
  utcOffsetHours: number;
  incidents: LaneClosure[];
  /** False with --no-faults. */
  faults: boolean;
  /** For runOffline's faultRates: undefined (the model's defaults) or NO_FAULTS. */
  faultRates: FaultRates | undefined;
  outFile: string | undefined;
}

export type OfflineCommand = { help: true } | { help: false; options: OfflineCliOptions };

/** Midnight local time of the day containing nowMs. */
export function localMidnightMs(nowMs: number, utcOffsetHours: number): number {
  const offsetMs = utcOffsetHours * 3_600_000;
  return Math.floor((nowMs + offsetMs) / 86_400_000) * 86_400_000 - offsetMs;
}

export function parseOfflineOptions(argv: string[], nowMs: number): OfflineCommand {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      network: { type: 'string' },
      hours: { type: 'string' },
      speed: { type: 'string' },
      ...SCENARIO_ARG_OPTIONS,
      ...FAULT_RATE_ARG_OPTIONS,
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  const traffic = parseTrafficArgs(values);
  const utcOffsetHours = traffic.utcOffsetHours ?? 8;
  const hours = numberFlag('hours', values.hours, (n) => n > 0 && n <= 24 * 366, 'a positive number of hours') ?? 24;
  const network = values.network ?? 'demo';
  return {
    help: false,
    options: {
      networkFile: network === 'demo' ? DEMO_NETWORK_FILE : path.resolve(network),
      hours,
      speed: numberFlag('speed', values.speed, (n) => n > 0 && n <= 1_000_000, 'a number in (0, 1000000]'),
      seed: traffic.seed ?? 42,
      startMs: traffic.startMs ?? localMidnightMs(nowMs, utcOffsetHours),
      utcOffsetHours,
      incidents: traffic.incidents,
      faults: traffic.faultRates !== NO_FAULTS,
      faultRates: traffic.faultRates,
      outFile: values.out === undefined ? undefined : path.resolve(values.out),
    },
  };
}
