/**
 * Runs an evaluation: per seed, the scenario built or taken as given and prepared (once for a configuration, whose
 * demand does not depend on the seed; per seed for generated ones, whose demand does), then every variant on it
 * with that seed, up to `jobs` runs at once, each in a process of its own (variant-worker.cli.ts) with its own SUMO,
 * TraCI port, broker and processor. A run that fails is reported with its error instead of ending the others. With
 * several seeds each variant's figures are the medians over them (seed-medians.ts).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildGridScenario } from '../index';
import { isSumoVariant, type EvalControlOptions, type ScenarioSource, type Variant } from './eval-control.options';
import type { EvalReport, VariantRun } from './eval-report';
import { prepareScenario, type PreparedScenario } from './eval-scenario';
import { medianRun } from './seed-medians';
import { buildEvalScenario } from './scenarios/eval-scenarios';
import type { VariantRunOptions } from './variant-run';

/** Simulated seconds of a generated scenario when --end is not given. */
export const GENERATED_SECONDS = 1800;

export async function runEvaluation(o: EvalControlOptions, progress: (line: string) => void): Promise<EvalReport> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-eval-control-'));
  const startedAt = new Date().toISOString();
  try {
    const several = o.seeds.length > 1;
    const scenarios: { seed: number; scenario: PreparedScenario }[] = [];
    for (const seed of o.seeds) {
      const reuse = o.scenario.kind === 'sumocfg' ? scenarios[0]?.scenario : undefined;
      const dir = path.join(workDir, `seed-${seed}`);
      scenarios.push({ seed, scenario: reuse ?? (await prepared(o, seed, dir, progress)) });
    }
    if (o.phaseTraceDir) fs.mkdirSync(o.phaseTraceDir, { recursive: true });
    const first = scenarios[0]!.scenario;
    progress(`${first.intersections.length} signals, ${first.window.beginS}–${first.window.endS} s; ${o.variants.length} variants × ${o.seeds.length} seeds, ${o.jobs} at a time`);
    const jobs = scenarios.flatMap(({ seed, scenario }) => o.variants.map((variant) => ({ seed, scenario, variant })));
    const runs = await inPool(jobs, o.jobs, async ({ seed, scenario, variant }) => {
      const label = several ? `${variant} seed ${seed}` : variant;
      progress(`[${label}] starting`);
      const phaseTraceFile = o.phaseTraceDir ? path.resolve(o.phaseTraceDir, `${variant}-seed-${seed}.ndjson`) : undefined;
      const run = await runVariantProcess({ scenario, variant, seed, label, dir: path.join(workDir, `seed-${seed}`, variant), ...(phaseTraceFile ? { phaseTraceFile } : {}) }, progress).catch((err: unknown) => failedRun(err));
      progress(`[${label}] ${run.error ? `failed: ${run.error}` : `done in ${run.wallS} s: meanDelayS ${run.meanDelayS}, arrived ${run.arrived}, plans ${run.plansSent}`}`);
      return { seed, variant, run };
    });
    const perSeed = o.seeds.map((seed) => ({
      seed,
      variants: Object.fromEntries(runs.filter((r) => r.seed === seed).map((r) => [r.variant, r.run])) as Record<Variant, VariantRun>,
    }));
    const variants = Object.fromEntries(
      o.variants.map((v) => [v, medianRun(runs.filter((r) => r.variant === v))]),
    ) as Record<Variant, VariantRun>;
    return { scenario: first.name, beginS: first.window.beginS, endS: first.window.endS, seeds: o.seeds, startedAt, variants, perSeed };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The scenario of one seed, built (generated demand takes the seed) and prepared in `dir`. */
async function prepared(o: EvalControlOptions, seed: number, dir: string, progress: (line: string) => void): Promise<PreparedScenario> {
  const source = scenarioOf(o.scenario, path.join(dir, 'scenario'), o, seed);
  progress(`scenario ${source.name}${o.seeds.length > 1 ? ` (seed ${seed})` : ''}: ${source.sumocfg}`);
  return prepareScenario({ name: source.name, sumocfg: source.sumocfg, dir: path.join(dir, 'prepared'), beginS: o.beginS, endS: o.endS });
}

function scenarioOf(source: ScenarioSource, dir: string, o: EvalControlOptions, seed: number): { name: string; sumocfg: string } {
  const seconds = o.endS ?? GENERATED_SECONDS;
  switch (source.kind) {
    case 'sumocfg':
      return { name: path.basename(source.sumocfg).replace(/\.sumocfg$/, ''), sumocfg: path.resolve(source.sumocfg) };
    case 'grid':
      return { name: `grid-${source.columns}x${source.rows}`, sumocfg: buildGridScenario({ dir, columns: source.columns, rows: source.rows, seconds, seed, queueLoops: true }).sumocfg };
    case 'generated':
      return { name: source.name, sumocfg: buildEvalScenario(source.name, { dir, seconds, seed, ...(source.grid ? { grid: source.grid } : {}) }).sumocfg };
  }
}

const WORKER = path.join(__dirname, 'variant-worker.cli.js');

/** The variant in a child process: its stderr lines are relayed as progress, its last stdout line is the result. */
function runVariantProcess(spec: Omit<VariantRunOptions, 'progress'>, progress: (line: string) => void): Promise<VariantRun> {
  const strategy = isSumoVariant(spec.variant) ? 'off' : spec.variant;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(spec)], {
      env: { ...process.env, CONTROL_STRATEGY: strategy, LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let pending = '';
    const tail: string[] = [];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const lines = (pending + d.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        progress(line);
        tail.push(line);
        if (tail.length > 5) tail.shift();
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as VariantRun);
      else reject(new Error(`variant process exited with ${code}: ${[...tail, pending].join(' | ').slice(-600)}`));
    });
  });
}

function failedRun(err: unknown): VariantRun {
  return {
    meanDelayS: 0, meanTimeLossS: 0, meanWaitingS: 0, meanTravelTimeS: 0, arrived: 0, running: 0, notInserted: 0,
    plansSent: 0, plansRejected: 0, unsafe: 0, rejectedBy: {}, plansExpired: 0, phasesSkipped: 0, wallS: 0, simulatedS: 0, error: err instanceof Error ? err.message : String(err),
  };
}

/** Runs `task` for each item, at most `limit` at once; results in the items' order. */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
