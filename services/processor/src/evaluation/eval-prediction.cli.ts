#!/usr/bin/env node
/**
 * `npm run eval:prediction`: scores every registered prediction model on detector measurements with the
 * benchmarks' chronological protocol. Logs and progress go to stderr; the last stdout line is a JSON summary.
 */
import * as fs from 'node:fs';
import pino from 'pino';
import { parseNetworkModel } from '@arterial/contracts/network';
import { edgesFromNetwork, neighboursFromEdges, noNeighbours, type Neighbours } from '../prediction/neighbours';
import type { ModelSpec } from '../prediction/prediction-model';
import { readAdjacencyCsv } from './adjacency-csv.reader';
import { EVAL_PREDICTION_USAGE, OptionsError, parseEvalPredictionOptions, type EvalPredictionOptions } from './eval-prediction.options';
import { aggregateGrid } from './grid-aggregation';
import { InputError, readMeasurementGrid } from './measurement-grid.reader';
import { evaluatePredictions } from './prediction-evaluator';
import { buildReport, summaryOf, writeReport } from './prediction-report';

const log = pino(
  { level: process.env.LOG_LEVEL ?? 'info', base: { service: 'arterial-eval-prediction' }, timestamp: pino.stdTimeFunctions.isoTime },
  pino.destination(2),
);
const stopwatch = (): number => performance.now();

async function main(): Promise<void> {
  let options: EvalPredictionOptions;
  try {
    const command = parseEvalPredictionOptions(process.argv.slice(2));
    if (command.help) {
      process.stdout.write(`${EVAL_PREDICTION_USAGE}\n`);
      return;
    }
    options = command.options;
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    process.stderr.write(`${err.message}\n\n${EVAL_PREDICTION_USAGE}\n`);
    process.exitCode = 2;
    return;
  }

  const readStart = stopwatch();
  log.info({ input: options.input, target: options.target }, 'reading measurements');
  const { grid: readGrid, report: read } = await readMeasurementGrid(options.input, options.target, (pass, lines) =>
    log.info({ pass, lines }, `read pass ${pass}: ${lines} lines`),
  );
  const grid = options.aggregateS === undefined ? readGrid : aggregateGrid(readGrid, aggregationFactor(options.aggregateS, readGrid.stepMs), options.target === 'volume' ? 'sum' : 'mean');
  const readS = (stopwatch() - readStart) / 1000;
  log.info({ detectors: grid.detectorIds.length, steps: grid.steps, stepS: grid.stepMs / 1000, readS, ...read }, 'grid built');

  const { neighbours, source } = loadNeighbours(options, grid.detectorIds);
  const spec: ModelSpec = {
    detectorIds: grid.detectorIds,
    stepMs: grid.stepMs,
    history: options.history,
    horizons: options.horizons,
    neighbours,
    utcOffsetHours: options.utcOffsetHours,
  };
  const result = evaluatePredictions({
    grid,
    spec,
    split: options.split,
    models: options.models,
    online: options.online,
    stopwatch,
    onProgress: (message, fields) => log.info(fields, message),
  });

  const summary = summaryOf(result);
  if (options.report) {
    const report = buildReport(
      result,
      {
        input: options.input,
        target: options.target,
        detectors: grid.detectorIds.length,
        steps: grid.steps,
        stepS: grid.stepMs / 1000,
        startIso: new Date(grid.startMs).toISOString(),
        endIso: new Date(grid.startMs + (grid.steps - 1) * grid.stepMs).toISOString(),
        split: options.split,
        history: options.history,
        horizons: options.horizons,
        neighbours: source,
        detectorsWithNeighbours: neighbours.upstream.filter((u, i) => u.length + (neighbours.downstream[i]?.length ?? 0) > 0).length,
        online: options.online,
        utcOffsetHours: options.utcOffsetHours,
        rows: read.lines,
        readS: Number(readS.toFixed(2)),
        peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      read,
      grid.detectorIds,
    );
    const files = writeReport(options.report, report);
    log.info({ files, best: report.best, improvementOverBaselines: report.improvementOverBaselines }, 'report written');
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

function aggregationFactor(aggregateS: number, stepMs: number): number {
  const factor = (aggregateS * 1000) / stepMs;
  if (!Number.isInteger(factor)) throw new InputError(`--aggregate-s ${aggregateS} is not a multiple of the input's ${stepMs / 1000} s interval`);
  return factor;
}

function loadNeighbours(options: EvalPredictionOptions, detectorIds: readonly string[]): { neighbours: Neighbours; source: 'adjacency' | 'network' | 'none' } {
  if (options.adjacency) {
    const edges = readAdjacencyCsv(options.adjacency);
    log.info({ edges: edges.length }, 'adjacency read');
    return { neighbours: neighboursFromEdges(detectorIds, edges), source: 'adjacency' };
  }
  if (options.network) {
    if (!fs.existsSync(options.network)) throw new InputError(`network file not found: ${options.network}`);
    const network = parseNetworkModel(JSON.parse(fs.readFileSync(options.network, 'utf8')));
    const edges = edgesFromNetwork(network);
    log.info({ edges: edges.length }, 'neighbours from the network model');
    return { neighbours: neighboursFromEdges(detectorIds, edges), source: 'network' };
  }
  log.info('no adjacency: models run without neighbour features');
  return { neighbours: noNeighbours(detectorIds.length), source: 'none' };
}

main().catch((err: unknown) => {
  if (err instanceof InputError) {
    log.error(err.message);
    process.stderr.write(`${err.message}\n`);
  } else {
    log.error({ err }, 'prediction evaluation failed');
  }
  process.exitCode = 1;
});
