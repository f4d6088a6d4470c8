/** Command-line options of `npm run eval:control`, parsed and checked without side effects (unit-tested). */
import * as os from 'node:os';
import { choiceFlag, numberFlag, numberListFlag, parseCliValues, usageText, type CliCommand, type CliOptionTable } from '@arterial/device-kit';
import { EVAL_SCENARIOS, type EvalScenarioName } from './scenarios/eval-scenarios';

/** SUMO's own controllers first (the baselines), then the platform's strategies through the real closed loop. */
export const SUMO_VARIANTS = ['sumo-static', 'sumo-actuated', 'sumo-delay-based'] as const;
export const PLATFORM_VARIANTS = ['webster', 'scats', 'green-wave', 'max-pressure'] as const;
export const VARIANTS = [...SUMO_VARIANTS, ...PLATFORM_VARIANTS] as const;
export type SumoVariant = (typeof SUMO_VARIANTS)[number];
export type PlatformVariant = (typeof PLATFORM_VARIANTS)[number];
export type Variant = (typeof VARIANTS)[number];

export const isSumoVariant = (v: Variant): v is SumoVariant => (SUMO_VARIANTS as readonly string[]).includes(v);

/** Where the scenario comes from: a configuration, the bridge's plain grid, or one of the evaluation's own. */
export type ScenarioSource =
  | { kind: 'sumocfg'; sumocfg: string }
  | { kind: 'grid'; columns: number; rows: number }
  | { kind: 'generated'; name: EvalScenarioName; grid?: { columns: number; rows: number } };

export interface EvalControlOptions {
  scenario: ScenarioSource;
  /** Overrides of the configuration's begin and end, simulation seconds. */
  beginS?: number;
  endS?: number;
  variants: Variant[];
  /** Report folder; default data/eval-control/<timestamp> under the working directory. */
  report?: string;
  /** SUMO seeds (and demand seeds of generated scenarios): every variant runs once per seed; medians are reported. */
  seeds: number[];
  jobs: number;
  /** Write each run's per-green trace (the bridge's `phaseTraceFile`) into this folder as `<variant>-seed-<n>.ndjson`. */
  phaseTraceDir?: string;
}

const OPTIONS = {
  sumocfg: { type: 'string', value: 'FILE', help: 'evaluate on this SUMO configuration (or --grid / --scenario)' },
  scenario: { type: 'string', value: 'NAME', help: `a generated scenario: ${EVAL_SCENARIOS.join(' | ')}` },
  grid: { type: 'string', value: 'CxR', help: "the bridge's generated grid of C×R signals (with --scenario grid-peak or grid-bays: its size, default 3x3)" },
  begin: { type: 'string', value: 'S', help: "simulation second to start at (default: the configuration's begin, 0 for generated)" },
  end: { type: 'string', value: 'S', help: "simulation second to end at (default: the configuration's end, 1800 for generated)" },
  variants: { type: 'string', value: 'LIST', help: `comma-separated, default all: ${VARIANTS.join(',')}` },
  report: { type: 'string', value: 'DIR', help: 'write eval-control.md, .json and .svg there (default data/eval-control/<timestamp>)' },
  seed: { type: 'string', value: 'N', help: 'SUMO seed (and demand seed of generated scenarios), the same for every variant (default 1)' },
  seeds: { type: 'string', value: 'LIST', help: 'several seeds, e.g. 1,2,3 (instead of --seed): every variant per seed, the summary gives the median per measure' },
  jobs: { type: 'string', value: 'N', help: 'variants run at once (default: the available cores)' },
  'phase-trace': { type: 'string', value: 'DIR', help: 'write every green of every light (start, end, why it ended) per run to DIR/<variant>-seed-<n>.ndjson' },
} as const satisfies CliOptionTable;

export const EVAL_CONTROL_USAGE = usageText(
  'usage: eval-control (--sumocfg FILE | --grid CxR | --scenario NAME) [options]   (npm run eval:control -- …)',
  OPTIONS,
  'Progress goes to stderr; the last stdout line is the JSON summary {"scenario":…,"variants":{…}}.',
);

const CORES = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

export function parseEvalControlOptions(argv: readonly string[]): CliCommand<EvalControlOptions> {
  const parsed = parseCliValues(argv, OPTIONS);
  if (parsed.help) return parsed;
  const { values } = parsed;
  const grid = numberListFlag('grid', values.grid, { count: 2, separator: 'x', check: (n) => Number.isInteger(n) && n >= 1, rule: 'CxR with whole numbers ≥ 1, e.g. 3x3' });
  const name = choiceFlag('scenario', values.scenario, EVAL_SCENARIOS);
  const size = grid ? { columns: grid[0]!, rows: grid[1]! } : undefined;
  if ([values.sumocfg, name, name ? undefined : grid].filter((v) => v !== undefined).length !== 1) {
    throw new Error('give exactly one of --sumocfg, --grid and --scenario (--grid may size --scenario grid-peak)');
  }
  if (name && !name.startsWith('grid-') && size) throw new Error(`--grid sizes only the grid scenarios, not ${name}`);
  const scenario: ScenarioSource = values.sumocfg
    ? { kind: 'sumocfg', sumocfg: values.sumocfg }
    : name
      ? { kind: 'generated', name, ...(size ? { grid: size } : {}) }
      : { kind: 'grid', ...size! };
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 0;
  const beginS = numberFlag('begin', values.begin, whole, 'a whole number of seconds ≥ 0');
  const endS = numberFlag('end', values.end, whole, 'a whole number of seconds ≥ 0');
  if (beginS !== undefined && endS !== undefined && endS <= beginS) throw new Error(`--end must be after --begin, got ${beginS}..${endS}`);
  return {
    help: false,
    options: {
      scenario,
      ...(beginS !== undefined ? { beginS } : {}),
      ...(endS !== undefined ? { endS } : {}),
      variants: variantsOf(values.variants),
      ...(values.report ? { report: values.report } : {}),
      seeds: seedsOf(values.seed, values.seeds),
      jobs: numberFlag('jobs', values.jobs, (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1') ?? CORES,
      ...(values['phase-trace'] ? { phaseTraceDir: values['phase-trace'] } : {}),
    },
  };
}

function seedsOf(seed: string | undefined, seeds: string | undefined): number[] {
  if (seed !== undefined && seeds !== undefined) throw new Error('give --seed or --seeds, not both');
  const whole = (n: number): boolean => Number.isInteger(n) && n >= 0;
  if (seeds === undefined) return [numberFlag('seed', seed, whole, 'a whole number ≥ 0') ?? 1];
  const list = seeds.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
  if (!list.every(whole)) throw new Error(`--seeds must be whole numbers ≥ 0 separated by commas, got ${JSON.stringify(seeds)}`);
  return [...new Set(list)];
}

function variantsOf(raw: string | undefined): Variant[] {
  if (raw === undefined) return [...VARIANTS];
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(VARIANTS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) throw new Error(`--variants must list some of ${VARIANTS.join(',')}, got ${JSON.stringify(raw)}`);
  return [...new Set(names)] as Variant[];
}
