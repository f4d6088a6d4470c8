/**
 * Runs an evaluation: the scenario built or taken as given and prepared once, then every variant on it with the
 * same seed, up to `jobs` at once, each in a process of its own (variant-worker.cli.ts) with its own SUMO, TraCI
 * port, broker and processor. A variant that fails is reported with its error instead of ending the others.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildGridScenario } from '../grid-scenario';
import { isSumoVariant, type EvalControlOptions, type ScenarioSource, type Variant } from './eval-control.options';
import type { EvalReport, VariantRun } from './eval-report';
import { prepareScenario } from './eval-scenario';
import { buildEvalScenario } from './scenarios/eval-scenarios';
import type { VariantRunOptions } from './variant-run';

/** Simulated seconds of a generated scenario when --end is not given. */
export const GENERATED_SECONDS = 1800;

export async function runEvaluation(o: EvalControlOptions, progress: (line: string) => void): Promise<EvalReport> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-eval-control-'));
  const startedAt = new Date().toISOString();
  try {
    const source = scenarioOf(o.scenario, path.join(workDir, 'scenario'), o);
    progress(`scenario ${source.name}: ${source.sumocfg}`);
    const scenario = await prepareScenario({ name: source.name, sumocfg: source.sumocfg, dir: path.join(workDir, 'prepared'), beginS: o.beginS, endS: o.endS });
    progress(`${scenario.intersections.length} signals, ${scenario.window.beginS}–${scenario.window.endS} s; ${o.variants.length} variants, ${o.jobs} at a time`);
    const runs = await inPool(o.variants, o.jobs, async (variant) => {
      progress(`[${variant}] starting`);
      const run = await runVariantProcess({ scenario, variant, seed: o.seed, dir: path.join(workDir, variant) }, progress).catch((err: unknown) => failedRun(err));
      progress(`[${variant}] ${run.error ? `failed: ${run.error}` : `done in ${run.wallS} s: meanDelayS ${run.meanDelayS}, arrived ${run.arrived}, plans ${run.plansSent}`}`);
      return run;
    });
    return {
      scenario: source.name,
      beginS: scenario.window.beginS,
      endS: scenario.window.endS,
      seed: o.seed,
      startedAt,
      variants: Object.fromEntries(o.variants.map((v, i) => [v, runs[i]!])) as Record<Variant, VariantRun>,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function scenarioOf(source: ScenarioSource, dir: string, o: EvalControlOptions): { name: string; sumocfg: string } {
  const seconds = o.endS ?? GENERATED_SECONDS;
  switch (source.kind) {
    case 'sumocfg':
      return { name: path.basename(source.sumocfg).replace(/\.sumocfg$/, ''), sumocfg: path.resolve(source.sumocfg) };
    case 'grid':
      return { name: `grid-${source.columns}x${source.rows}`, sumocfg: buildGridScenario({ dir, columns: source.columns, rows: source.rows, seconds, seed: o.seed }).sumocfg };
    case 'generated':
      return { name: source.name, sumocfg: buildEvalScenario(source.name, { dir, seconds, seed: o.seed, ...(source.grid ? { grid: source.grid } : {}) }).sumocfg };
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
    plansSent: 0, plansRejected: 0, unsafe: 0, rejectedBy: {}, plansExpired: 0, wallS: 0, simulatedS: 0, error: err instanceof Error ? err.message : String(err),
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
