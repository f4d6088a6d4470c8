/**
 * `npm run bench:prediction-step [-- --network FILE] [--days 2] [--runs 3]`: time of one live prediction step for a
 * whole network (every detector and link, 3 targets × 4 horizons) with the processor's default options, the model
 * fitted and learning online. Synthetic traffic; the figure is the median step after the first fit. Progress on
 * stderr, JSON summary as the last stdout line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { detectorsOf, linksOf, parseNetworkModel } from '@arterial/contracts/network';
import { mulberry32 } from '@arterial/device-kit';
import { NetworkPredictor } from './network.predictor';
import { DEFAULT_PREDICTION_OPTIONS } from './prediction.service';
import { stepEstimates } from './testing/synthetic-estimates';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 12, 0);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function oneRun(run: number, networkFile: string, days: number): { medianStepMs: number; p90StepMs: number; maxFitStepMs: number; steps: number } {
  const network = parseNetworkModel(JSON.parse(fs.readFileSync(networkFile, 'utf8')));
  const sut = new NetworkPredictor(network, DEFAULT_PREDICTION_OPTIONS);
  const random = mulberry32(run + 1);
  const steady: number[] = [];
  const fits: number[] = [];
  const minutes = days * 24 * 60;
  const fitMinute = DEFAULT_PREDICTION_OPTIONS.fitAfterRows * 5;
  for (let t = 0; t < minutes; t++) {
    const estimates = stepEstimates(network, t, random);
    const started = performance.now();
    const made = sut.step(T0 + t * MIN, estimates);
    const ms = performance.now() - started;
    if (made && t > fitMinute + 15) steady.push(ms);
    else if (made && t >= fitMinute) fits.push(ms);
    if (t % 720 === 0) process.stderr.write(`bench:prediction-step run ${run}: ${((100 * t) / minutes).toFixed(0)}% of ${days} simulated days\n`);
  }
  const sorted = [...steady].sort((a, b) => a - b);
  return { medianStepMs: percentile(sorted, 0.5), p90StepMs: percentile(sorted, 0.9), maxFitStepMs: Math.max(0, ...fits), steps: steady.length };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      network: { type: 'string', default: path.resolve(__dirname, '..', '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson') },
      days: { type: 'string', default: '2' },
      runs: { type: 'string', default: '3' },
    },
  });
  const days = Number(values.days);
  const runs = Number(values.runs);
  if (!(days >= 1) || !Number.isInteger(runs) || runs < 1) throw new Error('--days must be ≥ 1 and --runs a positive integer');
  const network = parseNetworkModel(JSON.parse(fs.readFileSync(values.network, 'utf8')));
  const perRun = Array.from({ length: runs }, (_, i) => oneRun(i + 1, values.network, days));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'prediction-step',
      detectors: detectorsOf(network).length,
      links: linksOf(network).length,
      horizonsMin: DEFAULT_PREDICTION_OPTIONS.horizonsMin,
      model: DEFAULT_PREDICTION_OPTIONS.model,
      medianStepMs: median(perRun.map((r) => r.medianStepMs)),
      p90StepMs: median(perRun.map((r) => r.p90StepMs)),
      maxFitStepMs: median(perRun.map((r) => r.maxFitStepMs)),
      perRun,
    })}\n`,
  );
}

main();
