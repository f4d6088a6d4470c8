/** The evaluation command line (see eval-control.cli.ts for the process entry). */
import * as path from 'node:path';
import { runCli } from '@arterial/device-kit';
import { EVAL_CONTROL_USAGE, parseEvalControlOptions, type EvalControlOptions } from './eval-control.options';
import { anyVariantFailed, summaryOf, writeReport } from './eval-report';
import { runEvaluation } from './eval-control.runner';

async function run(options: EvalControlOptions): Promise<void> {
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const report = await runEvaluation(options, progress);
  const dir = options.report ?? path.resolve('data', 'eval-control', report.startedAt.replace(/[:.]/g, '-'));
  const files = writeReport(dir, report);
  progress(`report: ${files.join(', ')}`);
  // The last stdout line is the machine-readable summary; a variant without any result makes the exit code 1.
  const summary = summaryOf(report);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (anyVariantFailed(summary)) process.exitCode = 1;
}

export function main(): Promise<void> {
  return runCli({ name: 'eval-control', usage: EVAL_CONTROL_USAGE, parse: parseEvalControlOptions, run }).then(() => {
    // A failed run may leave SUMO's or a broker's sockets open: exit instead of waiting for them.
    process.exit();
  });
}
