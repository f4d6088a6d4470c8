/**
 * Traffic-scenario flags shared by both command lines, the live MQTT simulator (`cli.ts`) and the offline runner
 * (`npm run sim`): seed, start, UTC offset, incidents and detector faults. Parsed here once, without side effects;
 * each command line adds its own flags and fills in its own defaults (the two differ in their default start).
 * Option tables, help lines and number checks come from the device kit.
 */
import { dateFlag, numberFlag, type CliOptionTable, type CliValues } from '@arterial/device-kit';
import { DEFAULT_FAULT_RATES, NO_FAULTS, type FaultRates } from './model/detector-faults';
import { parseLaneClosure, type LaneClosure } from './model/incidents';

/**
 * Scenario flags both command lines take, except --start, whose default each command line describes itself;
 * spread it into a command line's own table.
 */
export const SCENARIO_OPTIONS = {
  seed: { type: 'string', value: 'N', help: 'random seed (default 42)' },
  'utc-offset': { type: 'string', value: 'H', help: 'local time zone of the demand profile (default 8)' },
  incident: { type: 'string', multiple: true, value: 'L:N:START:END', help: 'close N lanes of link L between two ISO times (repeatable)' },
  'no-faults': { type: 'boolean', help: 'no detector faults (default: low rates)' },
} as const satisfies CliOptionTable;

/** The --start flag; `help` names the command line's own default. */
export function startOption(help: string): { start: { type: 'string'; value: 'ISO'; help: string } } {
  return { start: { type: 'string', value: 'ISO', help } };
}

/**
 * Fault-rate flags. Only the live simulator takes them for now: `sim-cli.ts` passes just NO_FAULTS or nothing
 * to runOffline, so the offline runner would ignore them (strict parsing there rejects them instead).
 */
export const FAULT_RATE_OPTIONS = {
  'stuck-on-per-day': { type: 'string', value: 'R', help: `stuck-on onsets per detector per day (default ${DEFAULT_FAULT_RATES.stuckOnPerDay})` },
  'dead-per-day': { type: 'string', value: 'R', help: `dead-detector onsets per detector per day (default ${DEFAULT_FAULT_RATES.deadPerDay})` },
  'chattering-per-day': { type: 'string', value: 'R', help: `chattering onsets per detector per day (default ${DEFAULT_FAULT_RATES.chatteringPerDay})` },
  'dropout-share': { type: 'string', value: 'P', help: `probability that one interval's measurement is lost (default ${DEFAULT_FAULT_RATES.dropoutShare})` },
} as const satisfies CliOptionTable;

/** The raw values of SCENARIO_OPTIONS, --start and FAULT_RATE_OPTIONS as parsed. */
export type TrafficArgValues = CliValues<typeof SCENARIO_OPTIONS & typeof FAULT_RATE_OPTIONS & ReturnType<typeof startOption>>;

/** Checked values; undefined where the flag was absent, so each caller applies its own default. */
export interface TrafficArgs {
  seed: number | undefined;
  startMs: number | undefined;
  utcOffsetHours: number | undefined;
  incidents: LaneClosure[];
  /** Undefined: the model's defaults (DEFAULT_FAULT_RATES). NO_FAULTS with --no-faults. */
  faultRates: FaultRates | undefined;
}

const RATE_FLAGS = [
  ['stuck-on-per-day', 'stuckOnPerDay'],
  ['dead-per-day', 'deadPerDay'],
  ['chattering-per-day', 'chatteringPerDay'],
] as const;

function faultRates(values: TrafficArgValues): FaultRates | undefined {
  const given: Partial<FaultRates> = {};
  for (const [flag, key] of RATE_FLAGS) {
    const rate = numberFlag(flag, values[flag], (n) => n >= 0 && n <= 1000, 'a number in [0, 1000]');
    if (rate !== undefined) given[key] = rate;
  }
  const dropoutShare = numberFlag('dropout-share', values['dropout-share'], (n) => n >= 0 && n <= 1, 'a number in [0, 1]');
  if (dropoutShare !== undefined) given.dropoutShare = dropoutShare;
  const anyRate = Object.keys(given).length > 0;
  if (values['no-faults']) {
    if (anyRate) throw new Error('--no-faults cannot be combined with a fault rate (--stuck-on-per-day, --dead-per-day, --chattering-per-day, --dropout-share)');
    return NO_FAULTS;
  }
  return anyRate ? { ...DEFAULT_FAULT_RATES, ...given } : undefined;
}

export function parseTrafficArgs(values: TrafficArgValues): TrafficArgs {
  return {
    seed: numberFlag('seed', values.seed, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'an integer in [0, 4294967295]'),
    startMs: dateFlag('start', values.start),
    utcOffsetHours: numberFlag('utc-offset', values['utc-offset'], (n) => n >= -12 && n <= 14, 'a number in [-12, 14]'),
    incidents: (values.incident ?? []).map(parseLaneClosure),
    faultRates: faultRates(values),
  };
}
