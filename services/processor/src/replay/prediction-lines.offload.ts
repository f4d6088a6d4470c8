/**
 * Prediction lines written by a worker thread: the main thread copies each record's fields into typed arrays (ids,
 * targets and model names as numbers into a string table) and posts them in batches; the worker encodes and writes
 * them in the order posted, so the file is the same bytes as when written in line. Used by the NDJSON store when the
 * compiled worker is there (the CLIs run from dist); elsewhere the store encodes on its own thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TimeSeriesRecord } from '../storage/time-series-store';
import { ENTRY_DETECTOR, ENTRY_LINE, ENTRY_LINK, FIELDS_PER_ENTRY, NUMBERS_PER_ENTRY, type OffloadMessage, type OffloadReply } from './prediction-lines.protocol';
import { predictionFieldsOf } from './record-line.encoder';

const BATCH_ENTRIES = 16_384;
const WORKER_FILE = path.join(__dirname, 'prediction-lines.worker.js');

export class PredictionLineOffload {
  private readonly worker: Worker;
  private readonly stringIds = new Map<string, number>();
  private newStrings: string[] = [];
  private fields = new Int32Array(BATCH_ENTRIES * FIELDS_PER_ENTRY);
  private numbers = new Float64Array(BATCH_ENTRIES * NUMBERS_PER_ENTRY);
  private lines: string[] = [];
  private count = 0;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  /** Whether the worker can run here (it is compiled JavaScript: not under ts-jest). */
  static available(): boolean {
    return fs.existsSync(WORKER_FILE);
  }

  constructor(private readonly fd: number) {
    this.worker = new Worker(WORKER_FILE);
    // held open only while a flush waits for it, so an unclosed store never keeps the process alive
    this.worker.unref();
    this.worker.on('message', (reply: OffloadReply) => {
      if ('error' in reply) this.fail(new Error(`prediction line worker: ${reply.error}`));
      else this.settle(reply.flushed);
    });
    this.worker.on('error', (error) => this.fail(error));
  }

  add(record: TimeSeriesRecord): void {
    const f = this.count * FIELDS_PER_ENTRY;
    const p = predictionFieldsOf(record);
    if (!p) {
      this.fields[f] = ENTRY_LINE;
      this.fields[f + 1] = this.lines.push(JSON.stringify(record)) - 1;
    } else {
      const link = 'linkId' in p.place;
      this.fields[f] = link ? ENTRY_LINK : ENTRY_DETECTOR;
      this.fields[f + 1] = this.stringId('detectorId' in p.place ? p.place.detectorId : p.place.linkId);
      this.fields[f + 2] = this.stringId(p.target);
      this.fields[f + 3] = this.stringId(p.model);
      const x = this.count * NUMBERS_PER_ENTRY;
      this.numbers[x] = p.ts;
      this.numbers[x + 1] = p.horizonMin;
      this.numbers[x + 2] = p.value;
      this.numbers[x + 3] = p.lower;
      this.numbers[x + 4] = p.upper;
    }
    this.count += 1;
    if (this.count === BATCH_ENTRIES) this.post();
  }

  /** Resolves when every line added so far is in the file. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.post();
    const seq = ++this.seq;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    this.worker.ref();
    this.send({ type: 'flush', fd: this.fd, seq });
    return done;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.worker.terminate();
    }
  }

  private stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.stringIds.size;
      this.stringIds.set(s, id);
      this.newStrings.push(s);
    }
    return id;
  }

  private post(): void {
    if (this.count === 0) return;
    const { fields, numbers } = this;
    this.send({ type: 'batch', fd: this.fd, count: this.count, strings: this.newStrings, fields, numbers, lines: this.lines }, [fields.buffer, numbers.buffer]);
    this.fields = new Int32Array(BATCH_ENTRIES * FIELDS_PER_ENTRY);
    this.numbers = new Float64Array(BATCH_ENTRIES * NUMBERS_PER_ENTRY);
    this.newStrings = [];
    this.lines = [];
    this.count = 0;
  }

  private send(message: OffloadMessage, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private settle(seq: number): void {
    this.waiting.get(seq)?.resolve();
    this.waiting.delete(seq);
    if (this.waiting.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.values()) w.reject(error);
    this.waiting.clear();
    this.worker.unref();
  }
}
