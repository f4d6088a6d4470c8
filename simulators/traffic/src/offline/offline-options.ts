/** Command-line options of the offline runner (`npm run sim`), parsed and checked without side effects. */
import * as path from 'node:path';
import { numberFlag, parseCliValues, usageText, type CliCommand, type CliOptionTable } from '@arterial/device-kit';
import { NO_FAULTS, type FaultRates } from '../model/detector-faults';
import type { LaneClosure } from '../model/incidents';
import { FAULT_RATE_OPTIONS, parseTrafficArgs, SCENARIO_OPTIONS, startOption } from '../traffic-options';

export const DEMO_NETWORK_FILE = path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

const OPTIONS = {
  network: { type: 'string', value: 'demo|FILE', help: 'network model (default demo: firmware-contracts/networks/demo.geojson)' },
  hours: { type: 'string', value: 'H', help: 'simulated hours (default 24)' },
  speed: { type: 'string', value: 'N', help: 'pace at N × real time (default: as fast as possible)' },
  ...startOption('simulated start (default: today 00:00 local time at --utc-offset)'),
  ...SCENARIO_OPTIONS,
  ...FAULT_RATE_OPTIONS,
  out: { type: 'string', value: 'FILE', help: 'write every detector measurement as NDJSON' },
} as const satisfies CliOptionTable;

export const OFFLINE_USAGE = usageText(
  'Usage: npm run sim -- [options]   (node simulators/traffic/dist/sim-cli.js)',
  OPTIONS,
  'Progress goes to stderr; the last stdout line is a JSON summary.',
);

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

export type OfflineCommand = CliCommand<OfflineCliOptions>;

/** Midnight local time of the day containing nowMs. */
export function localMidnightMs(nowMs: number, utcOffsetHours: number): number {
  const offsetMs = utcOffsetHours * 3_600_000;
  return Math.floor((nowMs + offsetMs) / 86_400_000) * 86_400_000 - offsetMs;
}

export function parseOfflineOptions(argv: readonly string[], nowMs: number): OfflineCommand {
  const parsed = parseCliValues(argv, OPTIONS);
  if (parsed.help) return parsed;
  const { values } = parsed;
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
