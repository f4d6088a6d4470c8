#!/usr/bin/env node
/** `npm run sim`: runs the traffic model offline (no MQTT) and prints a JSON summary as the last stdout line. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { loadNetworkFile, runCli } from '@arterial/device-kit';
import { OFFLINE_USAGE, parseOfflineOptions, type OfflineCliOptions } from './offline/offline-options';
import { runOffline } from './offline/run-offline';

async function run(o: OfflineCliOptions): Promise<void> {
  const network = await loadNetworkFile(o.networkFile);
  const out: WriteStream | undefined = o.outFile ? createWriteStream(o.outFile) : undefined;
  const summary = await runOffline({
    network,
    seed: o.seed,
    startMs: o.startMs,
    hours: o.hours,
    ...(o.speed !== undefined ? { speed: o.speed } : {}),
    incidents: o.incidents,
    ...(o.faultRates ? { faultRates: o.faultRates } : {}),
    utcOffsetHours: o.utcOffsetHours,
    ...(out ? { writeLine: (line: string) => void out.write(line) } : {}),
    onProgress: (p) =>
      process.stderr.write(
        `sim ${p.pct.toFixed(0).padStart(3)}%  ${new Date(p.simTimeMs).toISOString()}  wall ${p.wallS.toFixed(1)} s  measurements ${p.measurements}\n`,
      ),
  });
  if (out) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

void runCli({
  name: 'offline simulation failed',
  usage: OFFLINE_USAGE,
  parse: (argv) => parseOfflineOptions(argv, Date.now()),
  run,
  onFailure: (err, io) => {
    io.stderr(`offline simulation failed: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  },
});
