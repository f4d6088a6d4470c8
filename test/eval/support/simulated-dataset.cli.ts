#!/usr/bin/env node
/**
 * Makes a simulated data set in a process of its own: `node test/dist/eval/support/simulated-dataset.cli.js
 * --spec JSON --out FILE`. Tests call it rather than the simulator in-process because the traffic model runs about
 * 15× slower inside Jest's module sandbox than in plain Node. Progress on stderr, the result as the last stdout line.
 */
import { parseArgs } from 'node:util';
import { writeSimulatedDataset, type SimulatedDatasetSpec } from './simulated-dataset';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.spec || !values.out) throw new Error('usage: simulated-dataset.cli.js --spec JSON --out FILE');
  const spec = JSON.parse(values.spec) as SimulatedDatasetSpec;
  const result = await writeSimulatedDataset(spec, values.out, (m) => process.stderr.write(`${m}\n`));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
