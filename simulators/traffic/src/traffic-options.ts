/**
 * Traffic-scenario flags shared by both command lines, the live MQTT simulator (`cli.ts`) and the offline runner
 * (`npm run sim`): seed, start, UTC offset, incidents and detector faults. Parsed here once, without side effects;
 * each command line adds its own flags and fills in its own defaults (the two differ in their default start).
 */
import { DEFAULT_FAULT_RATES, NO_FAULTS, type FaultRates } from './model/detector-faults';
import { parseLaneClosure, type LaneClosure } from './model/incidents';

/** `parseArgs` option table of the scenario flags both command lines take; spread it into a command line's own table. */
export const SCENARIO_ARG_OPTIONS = {
  seed: { type: 'string' },
  start: { type: 'string' },
  'utc-offset': { type: 'string' },
  incident: { type: 'string', multiple: true },
  'no-faults': { type: 'boolean' },
} as const;

/**
 * Fault-rate flags. Only the live simulator takes them for now: `sim-cli.ts` passes just NO_FAULTS or nothing
 * to runOffline, so the offline runner would ignore them (strict parsing there rejects them instead).
 */
export const FAULT_RATE_ARG_OPTIONS = {
  'stuck-on-per-day': { type: 'string' },
  'dead-per-day': { type: 'string' },
  'chattering-per-day': { type: 'string' },
  'dropout-share': { type: 'string' },
} as const;

/** Usage lines of SCENARIO_ARG_OPTIONS except --start, whose default each command line describes itself. */
export const SCENARIO_USAGE = `  --seed N                   random seed (default 42)
  --utc-offset H             local time zone of the demand profile (default 8)
  --incident L:N:START:END   close N lanes of link L between two ISO times (repeatable)
  --no-faults                no detector faults (default: low rates)`;

/** Usage lines of FAULT_RATE_ARG_OPTIONS. */
export const FAULT_RATE_USAGE = `  --stuck-on-per-day R       stuck-on onsets per detector per day (default ${DEFAULT_FAULT_RATES.stuckOnPerDay})
  --dead-per-day R           dead-detector onsets per detector per day (default ${DEFAULT_FAULT_RATES.deadPerDay})
  --chattering-per-day R     chattering onsets per detector per day (default ${DEFAULT_FAULT_RATES.chatteringPerDay})
  --dropout-share P          probability that one interval's measurement is lost (default ${DEFAULT_FAULT_RATES.dropoutShare})`;

/** The raw values `parseArgs` returns for SCENARIO_ARG_OPTIONS and FAULT_RATE_ARG_OPTIONS. */
export interface TrafficArgValues {
  seed?: string | undefined;
  start?: string | undefined;
  'utc-offset'?: string | undefined;
  incident?: string[] | undefined;
  'no-faults'?: boolean | undefined;
  'stuck-on-per-day'?: string | undefined;
  'dead-per-day'?: string | undefined;
  'chattering-per-day'?: string | undefined;
  'dropout-share'?: string | undefined;
}

/** Checked values; undefined where the flag was absent, so each caller applies its own default. */
export interface TrafficArgs {
  seed: number | undefined;
  startMs: number | undefined;
  utcOffsetHours: number | undefined;
  incidents: LaneClosure[];
  /** Undefined: the model's defaults (DEFAULT_FAULT_RATES). NO_FAULTS with --no-faults. */
  faultRates: FaultRates | undefined;
}

/** A number flag, or undefined when absent; throws naming the flag and its rule otherwise. */
export function numberFlag(name: string, raw: string | undefined, check: (n: number) => boolean, rule: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) throw new Error(`--${name} must be ${rule}, got ${JSON.stringify(raw)}`);
  return value;
}

/** An ISO date-time flag as epoch ms, or undefined when absent. */
export function dateFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw new Error(`--${name} must be an ISO date-time, got ${JSON.stringify(raw)}`);
  return ms;
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
