/**
 * The evaluation's outputs: the one-line JSON summary (the CLI's last stdout line), and in the report folder
 * eval-control.json (everything, every seed's runs included), eval-control.md (the table, and one per seed when there
 * are several) and eval-control.svg (mean delay per variant). With several seeds the summary, the first table and
 * the chart give the median over the seeds (seed-medians.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DelayMetrics } from './delay-metrics';
import { renderBarChart } from './svg-bar-chart';

export interface VariantResult extends DelayMetrics {
  plansSent: number;
  plansRejected: number;
  /** Conflict-monitor violations the bridge counted (0 expected for every variant). */
  unsafe: number;
}

export interface VariantRun extends VariantResult {
  /** Rejected plans by the rule code of the controller's reason. */
  rejectedBy: Record<string, number>;
  /** Plans that expired at a light before the next one arrived (the light went back to its own program). */
  plansExpired: number;
  /** Phases the lights skipped without a call (contract v1.3); 0 for SUMO's own controllers. */
  phasesSkipped: number;
  wallS: number;
  simulatedS: number;
  /** What went wrong when the variant could not run to its end. */
  error?: string;
}

export interface EvalReport {
  scenario: string;
  beginS: number;
  endS: number;
  seeds: number[];
  startedAt: string;
  /** Per variant: the one seed's run, or the medians over the seeds (seed-medians.ts). */
  variants: Record<string, VariantRun>;
  /** Every seed's runs, in the order of `seeds`. */
  perSeed: { seed: number; variants: Record<string, VariantRun> }[];
}

const SUMMARY_FIELDS = ['meanDelayS', 'meanTimeLossS', 'meanWaitingS', 'meanTravelTimeS', 'arrived', 'running', 'notInserted', 'plansSent', 'plansRejected', 'unsafe'] as const;

/** A variant that could not run on any seed: its measures are null (never a 0 a script could take for a result) and `error` says why. */
export type FailedVariantResult = { [F in (typeof SUMMARY_FIELDS)[number]]: null } & { error: string };

export interface EvalSummary {
  scenario: string;
  variants: Record<string, VariantResult | FailedVariantResult>;
}

export function summaryOf(report: EvalReport): EvalSummary {
  const variants = Object.fromEntries(
    Object.entries(report.variants).map(([name, run]) => [
      name,
      run.error !== undefined
        ? ({ ...Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, null])), error: run.error } as FailedVariantResult)
        : (Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, run[f]])) as unknown as VariantResult),
    ]),
  );
  return { scenario: report.scenario, variants };
}

/** Whether some variant has no result at all (the CLI then exits with 1 after printing the summary). */
export function anyVariantFailed(summary: EvalSummary): boolean {
  return Object.values(summary.variants).some((v) => 'error' in v);
}

function tableOf(variants: Record<string, VariantRun>): string[] {
  const header = `| variant | ${SUMMARY_FIELDS.join(' | ')} | wall s |`;
  const rule = `|---|${SUMMARY_FIELDS.map(() => '---:').join('|')}|---:|`;
  const rows = Object.entries(variants).map(([n, r]) => `| ${n}${r.error ? ' (failed)' : ''} | ${SUMMARY_FIELDS.map((f) => String(r[f])).join(' | ')} | ${r.wallS} |`);
  return [header, rule, ...rows];
}

export function markdownOf(report: EvalReport): string {
  const names = Object.keys(report.variants);
  const several = report.seeds.length > 1;
  const failures = several
    ? report.perSeed.flatMap(({ seed, variants }) => Object.entries(variants).filter(([, r]) => r.error).map(([n, r]) => `- **${n}** failed with seed ${seed}: ${r.error}`))
    : names.filter((n) => report.variants[n]!.error).map((n) => `- **${n}** failed: ${report.variants[n]!.error}`);
  const rejections = names
    .filter((n) => Object.keys(report.variants[n]!.rejectedBy ?? {}).length > 0)
    .map((n) => `- ${n}: plans rejected by ${Object.entries(report.variants[n]!.rejectedBy).map(([code, count]) => `${code} ×${count}`).join(', ')}${several ? ' (all seeds)' : ''}`);
  const perSeed = several ? report.perSeed.flatMap(({ seed, variants }) => ['', `## Seed ${seed}`, '', ...tableOf(variants)]) : [];
  return [
    `# Control evaluation: ${report.scenario}`,
    '',
    `Simulation ${report.beginS}–${report.endS} s, SUMO seed${several ? 's' : ''} ${report.seeds.join(', ')}, started ${report.startedAt}.`,
    ...(several ? ['The first table gives the median over the seeds per measure (failed seeds left out, wall time summed); each seed follows.'] : []),
    'meanDelayS = time loss + depart delay averaged over every vehicle due in the window (arrived, still running, never inserted);',
    'meanTimeLossS and meanWaitingS over the vehicles that entered, meanTravelTimeS over those that arrived (docs/eval-control.md).',
    '',
    '![mean delay per variant](eval-control.svg)',
    '',
    ...tableOf(report.variants),
    ...(failures.length > 0 ? ['', ...failures] : []),
    ...(rejections.length > 0 ? ['', ...rejections] : []),
    ...perSeed,
    '',
  ].join('\n');
}

export function writeReport(dir: string, report: EvalReport): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    json: path.join(dir, 'eval-control.json'),
    md: path.join(dir, 'eval-control.md'),
    svg: path.join(dir, 'eval-control.svg'),
  };
  fs.writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(files.md, markdownOf(report));
  const bars = Object.entries(report.variants).map(([label, r]) => ({ label, value: r.meanDelayS }));
  fs.writeFileSync(files.svg, renderBarChart(`Mean delay per vehicle: ${report.scenario}`, 's', bars));
  return Object.values(files);
}
