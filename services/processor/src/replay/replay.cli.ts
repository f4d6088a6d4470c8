#!/usr/bin/env node
/**
 * `npm run replay -- (--in FILE | --from TIME --to TIME) [--out-dir DIR | --out-db NAME] [--control STRATEGY]`: replays a
 * recording (or what InfluxDB holds for the range) through the processor's pipeline on a virtual clock, the plan
 * engine included when a strategy is given. Progress on stderr every ~5% of
 * the file or range; the JSON summary is the last stdout line.
 */
import * as fs from 'node:fs';
import { createLogger } from '../logging/logger';
import { loadConfig, type ProcessorConfig } from '../config/processor-config';
import { controlOptionsFromEnv, type ControlOptions } from '../control/engine/control-options';
import { InfluxTimeSeriesStore } from '../storage/influx-time-series-store';
import type { TimeSeriesStore } from '../storage/time-series-store';
import { NdjsonFileTimeSeriesStore } from './ndjson-file-time-series-store';
import { parseReplayOptions, REPLAY_USAGE, type ReplayCliOptions } from './replay.options';
import { firstRecordedMessage, readParsedRecording, type RecordingReadStats } from './recording.reader';
import type { RecordedMessage } from './recording-line.codec';
import { storedMessages } from './export.runner';
import { runReplay, type ReplayMessage } from './replay.runner';
import { relaunchWithLargerYoungGeneration } from './young-generation';

const log = createLogger('replay');
const MAX_BAD_LINES_LOGGED = 20;

/** Messages read from InfluxDB one at a time, handed to the replay this many at once. */
const STORED_BATCH = 1000;

async function* inRange<M extends ReplayMessage>(batches: AsyncIterable<Iterable<M>>, fromMs: number | undefined, toMs: number | undefined): AsyncGenerator<Iterable<M>> {
  for await (const batch of batches) yield fromMs === undefined && toMs === undefined ? batch : withinRange(batch, fromMs, toMs);
}

function* withinRange<M extends ReplayMessage>(batch: Iterable<M>, fromMs: number | undefined, toMs: number | undefined): Generator<M> {
  for (const m of batch) if ((fromMs === undefined || m.receivedAt >= fromMs) && (toMs === undefined || m.receivedAt < toMs)) yield m;
}

async function* inBatches(messages: AsyncIterable<RecordedMessage>, size: number): AsyncGenerator<RecordedMessage[]> {
  let batch: RecordedMessage[] = [];
  for await (const m of messages) {
    batch.push(m);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

interface ReplaySource {
  batches: AsyncIterable<Iterable<ReplayMessage>>;
  /** Just before the first message the replay may deliver, so the boundary a message sits on fires after it (as live). */
  startMs: number;
  /** Share done, 0–100. */
  pct(simTimeMs: number): number;
  badLines(): number;
  close(): Promise<void>;
}

async function fileSource(file: string, fromMs: number | undefined, toMs: number | undefined): Promise<ReplaySource> {
  const first = await firstRecordedMessage(file);
  if (!first && fromMs === undefined) throw new Error(`${file} holds no message to replay`);
  const totalBytes = fs.statSync(file).size;
  const stats: RecordingReadStats = { lines: 0, badLines: 0, bytesRead: 0 };
  let badLogged = 0;
  const batches = readParsedRecording(
    file,
    (bad) => {
      if (badLogged++ < MAX_BAD_LINES_LOGGED) process.stderr.write(`replay: skipped ${bad.file}:${bad.lineNumber}: ${bad.error}\n`);
    },
    stats,
  );
  return {
    batches: inRange(batches, fromMs, toMs),
    startMs: (fromMs ?? first?.receivedAt ?? 0) - 1,
    pct: () => (100 * stats.bytesRead) / Math.max(totalBytes, 1),
    badLines: () => stats.badLines,
    async close() {
      if (stats.badLines > MAX_BAD_LINES_LOGGED) process.stderr.write(`replay: ${stats.badLines} bad lines skipped in all (${MAX_BAD_LINES_LOGGED} shown)\n`);
    },
  };
}

async function influxSource(config: ProcessorConfig, fromMs: number, toMs: number): Promise<ReplaySource> {
  const store = InfluxTimeSeriesStore.fromConfig(config);
  await store.init();
  return {
    batches: inBatches(storedMessages(store, fromMs, toMs), STORED_BATCH),
    startMs: fromMs - 1,
    pct: (simTimeMs) => (100 * (simTimeMs - fromMs)) / (toMs - fromMs),
    badLines: () => 0,
    close: () => store.close(),
  };
}

async function replay(options: ReplayCliOptions): Promise<void> {
  const config = loadConfig(process.env, options.networkFile ? { networkFile: options.networkFile } : {});
  const outDb = options.outDb ?? `${config.influxDb}_replay`;
  if (!options.outDir && outDb === config.influxDb) throw new Error(`--out-db ${outDb} is the recorded database (INFLUX_DB); replay writes its results elsewhere`);
  const source =
    options.inFile !== undefined
      ? await fileSource(options.inFile, options.fromMs, options.toMs)
      : await influxSource(config, options.fromMs as number, options.toMs as number);
  const store: TimeSeriesStore = options.outDir
    ? new NdjsonFileTimeSeriesStore(options.outDir)
    : InfluxTimeSeriesStore.fromConfig({ ...config, influxDb: outDb, spoolDir: `${config.spoolDir}-replay` });
  let nextPct = 5;
  try {
    const summary = await runReplay({
      batches: source.batches,
      startMs: source.startMs,
      ...(options.toMs !== undefined ? { endMs: options.toMs - 1 } : {}),
      store,
      config: { ...(options.networkFile ? { networkFile: options.networkFile } : {}), control: replayControl(options) },
      onProgress: (p) => {
        const pct = source.pct(p.simTimeMs);
        if (pct < nextPct) return;
        while (nextPct <= pct) nextPct += 5;
        const rate = p.wallS > 0 ? Math.round(p.messages / p.wallS) : 0;
        process.stderr.write(`replay: ${Math.min(100, Math.round(pct))}% sim ${new Date(p.simTimeMs).toISOString()} messages ${p.messages} (${rate}/s) wall ${p.wallS.toFixed(1)} s\n`);
      },
    });
    log.info({ ...summary }, 'replay finished');
    const input = options.inFile ?? `influx:${config.influxDb}`;
    process.stdout.write(`${JSON.stringify({ ...summary, badLines: source.badLines(), in: input, out: options.outDir ?? `influx:${outDb}` })}\n`);
  } finally {
    await source.close();
  }
}

/** Strategies from the flags only (a processor's CONTROL_STRATEGY must not turn control on); tuning as the processor's. */
function replayControl(options: ReplayCliOptions): ControlOptions {
  return { ...controlOptionsFromEnv(process.env), defaultStrategy: options.control.defaultStrategy, perIntersection: options.control.perIntersection ?? {} };
}

async function main(): Promise<void> {
  if (relaunchWithLargerYoungGeneration()) return;
  const command = parseReplayOptions(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(`${REPLAY_USAGE}\n`);
    return;
  }
  await replay(command.options);
}

main().catch((err: unknown) => {
  process.stderr.write(`replay: ${(err as Error).message}\n${REPLAY_USAGE}\n`);
  process.exitCode = 1;
});
