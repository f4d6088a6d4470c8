/** Command-line options of the offline runner (`npm run sim`), parsed and checked without side effects. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseLaneClosure, type LaneClosure } from '../model/incidents';

export const DEMO_NETWORK_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

export const OFFLINE_USAGE = `Usage: npm run sim -- [options]   (node simulators/traffic/dist/sim-cli.js)
  --network demo|FILE        network model (default demo: firmware-contracts/networks/demo.geojson)
  --hours H                  simulated hours (default 24)
  --speed N                  pace at N × real time (default: as fast as possible)
  --seed N                   random seed (default 42)
  --start ISO                simulated start (default: today 00:00 local time at --utc-offset)
  --utc-offset H             local time zone of the demand profile (default 8)
  --incident L:N:START:END   close N lanes of link L between two ISO times (repeatable)
  --no-faults                no detector faults (default: low rates)
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
  faults: boolean;
  outFile: string | undefined;
}

export type OfflineCommand = { help: true } | { help: false; options: OfflineCliOptions };

function numberOption(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) throw new Error(`--${name} must be ${rule}, got ${JSON.stringify(raw)}`);
  return value;
}

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
      seed: { type: 'string' },
      start: { type: 'string' },
      'utc-offset': { type: 'string' },
      incident: { type: 'string', multiple: true },
      'no-faults': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return { help: true };
  const utcOffsetHours = numberOption('utc-offset', values['utc-offset'], 8, (n) => n >= -12 && n <= 14, 'a number in [-12, 14]');
  let startMs = localMidnightMs(nowMs, utcOffsetHours);
  if (values.start !== undefined) {
    startMs = Date.parse(values.start);
    if (Number.isNaN(startMs)) throw new Error(`--start must be an ISO date-time, got ${JSON.stringify(values.start)}`);
  }
  const speed = values.speed === undefined ? undefined : numberOption('speed', values.speed, 1, (n) => n > 0 && n <= 1_000_000, 'a number in (0, 1000000]');
  const network = values.network ?? 'demo';
  return {
    help: false,
    options: {
      networkFile: network === 'demo' ? DEMO_NETWORK_FILE : path.resolve(network),
      hours: numberOption('hours', values.hours, 24, (n) => n > 0 && n <= 24 * 366, 'a positive number of hours'),
      speed,
      seed: numberOption('seed', values.seed, 42, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'an integer in [0, 4294967295]'),
      startMs,
      utcOffsetHours,
      incidents: (values.incident ?? []).map(parseLaneClosure),
      faults: !values['no-faults'],
      outFile: values.out === undefined ? undefined : path.resolve(values.out),
    },
  };
}
