/**
 * Prediction at scale: `eval:prediction` on 300 detectors × 60 days of 5-minute data (5.2 M measurements).
 *
 * The data set is simulated once (the demo network, about half an hour on one core) and cached under
 * data/prediction-bench/; later runs reuse it. The evaluation then runs as a child process exactly as an operator
 * would run it, and the bench reports its wall time, its own training and prediction figures and its peak RSS.
 * Progress goes to stderr; the last stdout line is JSON.
 *
 *   node test/dist/bench/prediction.bench.js [--days 60] [--detectors 300] [--seed 60]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { numberArg, progressLogger } from './bench-support';
import { localMidnight, writeSimulatedDataset, type SimulatedDatasetSpec } from '../eval/support/simulated-dataset';

const log = progressLogger('prediction');
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(repoRoot, 'services', 'processor', 'dist', 'evaluation', 'eval-prediction.cli.js');

async function main(): Promise<void> {
  const days = numberArg('days', 60);
  const detectors = numberArg('detectors', 300);
  const seed = numberArg('seed', 60);
  const spec: SimulatedDatasetSpec = {
    network: 'demo',
    days,
    seed,
    // A Monday, so the 60 days hold whole weeks of weekdays and weekends.
    startMs: localMidnight('2025-01-06'),
    detectorIntervalS: 300,
    incidentDays: Array.from({ length: Math.floor(days / 5) }, (_, i) => 3 + 5 * i).filter((d) => d < days),
    maxDetectors: detectors,
  };
  const dir = path.join(repoRoot, 'data', 'prediction-bench');
  // The demand version in the name: a data set from an older demand model is never reused by mistake.
  const input = path.join(dir, `demo-${detectors}det-${days}d-5min-seed${seed}-demand2.ndjson.gz`);
  let simulationS: number | null = null;
  if (fs.existsSync(input)) {
    log(`reusing ${path.relative(repoRoot, input)}`);
  } else {
    log(`simulating ${days} days of ${detectors} detectors into ${path.relative(repoRoot, input)} (once; cached afterwards)`);
    const made = await writeSimulatedDataset(spec, input, log);
    simulationS = round(made.wallS);
    log(`${made.lines} lines, ${made.detectors} detectors, ${made.incidents.length} incidents in ${simulationS} s`);
  }

  const reportDir = path.join(dir, 'report');
  const network = path.join(repoRoot, 'firmware-contracts', 'networks', 'demo.geojson');
  const args = [cli, '--input', input, '--network', network, '--report', reportDir, '--utc-offset', '8'];
  log(`node ${args.map((a) => path.relative(repoRoot, a) || a).join(' ')}`);
  const started = performance.now();
  const { code, lastLine } = await runChild(args);
  const wallS = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`eval:prediction exited with ${code}`);
  const summary = JSON.parse(lastLine) as { models: Record<string, { byHorizon: Record<string, { mae: number }> }>; trainS: number; predictPerS: number };
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'prediction-report.json'), 'utf8')) as {
    run: { peakRssMb: number; rows: number; detectors: number; steps: number };
  };
  const maeAt3 = Object.fromEntries(Object.entries(summary.models).map(([name, m]) => [name, m.byHorizon['3']?.mae ?? null]));
  const result = {
    bench: 'prediction',
    detectors: report.run.detectors,
    steps: report.run.steps,
    rows: report.run.rows,
    simulationS,
    evalWallS: round(wallS),
    peakRssMb: report.run.peakRssMb,
    trainS: summary.trainS,
    predictPerS: summary.predictPerS,
    mae15min: maeAt3,
    withinLimits: wallS < 300 && report.run.peakRssMb < 2048,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(args: string[]): Promise<{ code: number | null; lastLine: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lastLine: out.trim().split('\n').pop() ?? '' }));
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((err: unknown) => {
  process.stderr.write(`prediction bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
