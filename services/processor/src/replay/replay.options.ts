/** Command-line options of `npm run replay`, parsed and checked without side effects. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { perIntersectionChoices, strategyChoice, type StrategyChoice } from '../control/engine/control-options';
import { parseTime } from './time-arg';

export interface ReplayCliOptions {
  /** A recording file (NDJSON or .ndjson.gz: export lines or simulator lines); undefined: read InfluxDB over [from, to). */
  inFile: string | undefined;
  /** Only messages received in [fromMs, toMs); the virtual clock starts just before fromMs (default: the first message). */
  fromMs: number | undefined;
  toMs: number | undefined;
  /** Results into this InfluxDB database (default `<INFLUX_DB>_replay`) unless outDir is set. */
  outDb: string | undefined;
  /** Results as NDJSON files in this folder; no InfluxDB needed. */
  outDir: string | undefined;
  networkFile: string | undefined;
  /** The plan engine's strategies (default off everywhere); its plans are recorded, never published. */
  control: { defaultStrategy: StrategyChoice; perIntersection?: Record<string, StrategyChoice> };
}

export type ReplayCommand = { help: true } | { help: false; options: ReplayCliOptions };

export const REPLAY_USAGE = `Usage: npm run replay -- (--in FILE [--from TIME] [--to TIME] | --from TIME --to TIME) [--out-db NAME | --out-dir DIR] [--network FILE]
                         [--control STRATEGY|off] [--control-per-intersection ID=STRATEGY,…]
  --in FILE        recording to replay: export lines or simulator lines, NDJSON, gzipped when FILE ends in .gz
  --from, --to     only messages received in [from, to): epoch ms or ISO-8601; without --in, read them from
                   InfluxDB (INFLUX_URL, INFLUX_DB, … as the processor)
  --out-db NAME    write results to this InfluxDB database (default <INFLUX_DB>_replay)
  --out-dir DIR    write results as NDJSON files, one per record kind (no InfluxDB needed)
  --network FILE   network model (default NETWORK_FILE or the demo network)
  --control S      run the plan engine with strategy S (webster, scats, green-wave, max-pressure) for every junction;
                   default off. Its plans are checked and recorded with their explanations, never sent
  --control-per-intersection ID=S,…
                   strategy per junction over --control (off leaves a junction to its local plan)
Progress goes to stderr; the last stdout line is a JSON summary.`;

export function parseReplayOptions(argv: readonly string[]): ReplayCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      in: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'out-db': { type: 'string' },
      'out-dir': { type: 'string' },
      network: { type: 'string' },
      control: { type: 'string' },
      'control-per-intersection': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const fromMs = values.from === undefined ? undefined : parseTime('from', values.from);
  const toMs = values.to === undefined ? undefined : parseTime('to', values.to);
  if (values.in === undefined && (fromMs === undefined || toMs === undefined)) throw new Error('give --in FILE, or --from and --to to read InfluxDB');
  if (fromMs !== undefined && toMs !== undefined && !(fromMs < toMs)) throw new Error(`--from (${fromMs}) must be before --to (${toMs})`);
  if (values['out-db'] !== undefined && values['out-dir'] !== undefined) throw new Error('give either --out-db or --out-dir, not both');
  if (values['out-db'] !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(values['out-db'])) throw new Error(`--out-db ${JSON.stringify(values['out-db'])}: letters, digits, _ and - only`);
  const perIntersection = values['control-per-intersection'] === undefined ? undefined : perIntersectionChoices(values['control-per-intersection'], '--control-per-intersection');
  return {
    help: false,
    options: {
      inFile: values.in === undefined ? undefined : path.resolve(values.in),
      fromMs,
      toMs,
      outDb: values['out-db'],
      outDir: values['out-dir'] === undefined ? undefined : path.resolve(values['out-dir']),
      networkFile: values.network === undefined ? undefined : path.resolve(values.network),
      control: {
        defaultStrategy: values.control === undefined ? 'off' : strategyChoice(values.control, '--control'),
        ...(perIntersection !== undefined ? { perIntersection } : {}),
      },
    },
  };
}
