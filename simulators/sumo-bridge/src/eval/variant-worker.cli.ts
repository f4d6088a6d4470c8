#!/usr/bin/env node
/**
 * One variant in a process of its own, started by the runner: the processor reads its strategy from the process
 * environment (CONTROL_STRATEGY), and a process per variant lets variants use every core. Takes the run as JSON in
 * argv[2]; progress goes to stderr, the VariantRun JSON is the last stdout line. The processor is loaded after
 * LOG_LEVEL is set, so its logs stay quiet by default.
 */
import type { VariantRunOptions } from './variant-run';

process.env.LOG_LEVEL ??= 'error';

void import('./variant-run.js')
  .then(async ({ runVariant }) => {
    const spec = JSON.parse(process.argv[2] ?? '{}') as Omit<VariantRunOptions, 'progress'>;
    const run = await runVariant({ ...spec, progress: (line) => void process.stderr.write(`${line}\n`) });
    process.stdout.write(`${JSON.stringify(run)}\n`);
  })
  .catch((err: unknown) => {
    process.stderr.write(`variant failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  // SUMO's or the broker's sockets may linger after a failure: exit instead of waiting for them.
  .finally(() => process.exit());
