/** Command-line options of `npm run eval:prediction`, parsed and checked without side effects. */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isPredictionModelName, predictionModelNames, type PredictionModelName } from '../prediction/model-registry';

export const MEASUREMENT_TARGETS = ['volume', 'speedKph', 'occupancyPct'] as const;
export type MeasurementTarget = (typeof MEASUREMENT_TARGETS)[number];

export const EVAL_PREDICTION_USAGE = `Usage: npm run eval:prediction -- --input FILE.ndjson[.gz] [options]
  --input FILE               detector measurements, one JSON object a line:
                             {"detectorId","ts","intervalS","volume","occupancyPct","speedKph"} (gzip allowed)
  --adjacency FILE.csv       upstream→downstream detector pairs: from,to,distance
  --network FILE.geojson     Arterial network model (neighbours from links and junctions)
  --split A,B,C              chronological train, validation, test shares (default 0.6,0.2,0.2)
  --target T                 volume | speedKph | occupancyPct (default volume)
  --aggregate-s S            score on intervals of S seconds, a multiple of the input's (volumes summed, speed and
                             occupancy averaged), e.g. 900 for 15-minute counts of 5-minute data (default: as read)
  --history N                intervals of history per forecast (default 12)
  --horizons H,…             horizons in intervals (default 1,3,6,12)
  --report DIR               write prediction-report.md, .json and SVG charts there
  --models M,…               models to score (default all: ${predictionModelNames().join(', ')})
  --utc-offset H             local time zone for time of day and weekends (default 0)
  --frozen                   no online learning while scoring the test part
  --help                     this text
Progress and logs go to stderr; the last stdout line is a JSON summary.`;

export interface EvalPredictionOptions {
  input: string;
  adjacency: string | undefined;
  network: string | undefined;
  split: [number, number, number];
  target: MeasurementTarget;
  /** Interval to aggregate the input to before scoring, s; undefined keeps the input's. */
  aggregateS: number | undefined;
  history: number;
  horizons: number[];
  report: string | undefined;
  models: PredictionModelName[];
  utcOffsetHours: number;
  online: boolean;
}

export type EvalPredictionCommand = { help: true } | { help: false; options: EvalPredictionOptions };

export class OptionsError extends Error {}

export function parseEvalPredictionOptions(argv: readonly string[]): EvalPredictionCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        adjacency: { type: 'string' },
        network: { type: 'string' },
        split: { type: 'string' },
        target: { type: 'string' },
        'aggregate-s': { type: 'string' },
        history: { type: 'string' },
        horizons: { type: 'string' },
        report: { type: 'string' },
        models: { type: 'string' },
        'utc-offset': { type: 'string' },
        frozen: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new OptionsError((err as Error).message);
  }
  if (values.help) return { help: true };
  if (!values.input) throw new OptionsError('--input FILE is required');
  if (values.adjacency && values.network) throw new OptionsError('give --adjacency or --network, not both');
  const target = values.target ?? 'volume';
  if (!(MEASUREMENT_TARGETS as readonly string[]).includes(target)) {
    throw new OptionsError(`--target must be one of ${MEASUREMENT_TARGETS.join(', ')}, got ${JSON.stringify(target)}`);
  }
  const history = integer('history', values.history ?? '12', 1, 10_000);
  const horizons = list('horizons', values.horizons ?? '1,3,6,12').map((h) => integer('horizons', h, 1, 10_000));
  const uniqueHorizons = [...new Set(horizons)].sort((a, b) => a - b);
  const models = values.models === undefined ? predictionModelNames() : list('models', values.models);
  for (const m of models) {
    if (!isPredictionModelName(m)) throw new OptionsError(`--models: unknown model ${JSON.stringify(m)}; known: ${predictionModelNames().join(', ')}`);
  }
  const utcOffsetHours = Number(values['utc-offset'] ?? '0');
  if (!Number.isFinite(utcOffsetHours) || Math.abs(utcOffsetHours) > 14) throw new OptionsError(`--utc-offset must be hours in [-14, 14], got ${values['utc-offset']}`);
  return {
    help: false,
    options: {
      input: path.resolve(values.input),
      adjacency: values.adjacency === undefined ? undefined : path.resolve(values.adjacency),
      network: values.network === undefined ? undefined : path.resolve(values.network),
      split: parseSplit(values.split ?? '0.6,0.2,0.2'),
      target: target as MeasurementTarget,
      aggregateS: values['aggregate-s'] === undefined ? undefined : integer('aggregate-s', values['aggregate-s'], 1, 86_400),
      history,
      horizons: uniqueHorizons,
      report: values.report === undefined ? undefined : path.resolve(values.report),
      models: [...new Set(models)] as PredictionModelName[],
      utcOffsetHours,
      online: !values.frozen,
    },
  };
}

/** Three positive shares; they are normalised, so 6,2,2 means the same as 0.6,0.2,0.2. */
function parseSplit(text: string): [number, number, number] {
  const parts = list('split', text).map(Number);
  if (parts.length !== 3 || parts.some((p) => !(p > 0) || !Number.isFinite(p))) {
    throw new OptionsError(`--split must be three positive numbers such as 0.6,0.2,0.2, got ${JSON.stringify(text)}`);
  }
  const sum = (parts[0] as number) + (parts[1] as number) + (parts[2] as number);
  return [(parts[0] as number) / sum, (parts[1] as number) / sum, (parts[2] as number) / sum];
}

function list(name: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === '')) throw new OptionsError(`--${name} must be a comma-separated list, got ${JSON.stringify(text)}`);
  return items;
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new OptionsError(`--${name} must be whole numbers in [${min}, ${max}], got ${JSON.stringify(text)}`);
  return n;
}
