#!/usr/bin/env node
/**
 * `npm run export -- --from TIME --to TIME --out FILE.ndjson.gz`: writes the detector measurements, controller status
 * and plan acknowledgements InfluxDB holds for the range as a recording (see docs/replay.md). Progress on stderr every
 * ~5% of the range; the JSON summary `{ lines, from, to, out }` is the last stdout line.
 */
import { loadConfig } from '../config/processor-config';
import { InfluxTimeSeriesStore } from '../storage/influx-time-series-store';
import { EXPORT_USAGE, parseExportOptions, type ExportCliOptions } from './export.options';
import { exportRecording } from './export.runner';
import { RecordingWriter } from './recording.writer';

async function runExport(options: ExportCliOptions): Promise<void> {
  const config = loadConfig(process.env);
  const store = InfluxTimeSeriesStore.fromConfig(config);
  const writer = new RecordingWriter(options.outFile);
  let nextPct = 5;
  try {
    await store.init();
    const lines = await exportRecording({
      store,
      fromMs: options.fromMs,
      toMs: options.toMs,
      write: (line) => writer.write(line),
      onWindow: (p) => {
        const pct = (100 * (p.atMs - options.fromMs)) / (options.toMs - options.fromMs);
        if (pct < nextPct && p.atMs < options.toMs) return;
        while (nextPct <= pct) nextPct += 5;
        process.stderr.write(`export: ${Math.round(pct)}% to ${new Date(p.atMs).toISOString()} lines ${p.lines}\n`);
      },
    });
    await writer.close();
    process.stdout.write(`${JSON.stringify({ lines, from: options.fromMs, to: options.toMs, out: options.outFile })}\n`);
  } catch (error) {
    await writer.abort();
    throw error;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const command = parseExportOptions(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return;
  }
  await runExport(command.options);
}

main().catch((err: unknown) => {
  process.stderr.write(`export: ${(err as Error).message}\n${EXPORT_USAGE}\n`);
  process.exitCode = 1;
});
