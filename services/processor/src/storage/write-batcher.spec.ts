import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { DiskSpool } from './disk-spool';
import type { InfluxWriter, WriteOutcome } from './influx-writer';
import { RejectedBatches } from './rejected-batches';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';

/** A database that stores lines by key (line without value changes is enough here) and can be switched off. */
class FakeWriter implements InfluxWriter {
  up = true;
  answer: WriteOutcome | undefined;
  readonly batches: string[][] = [];
  readonly stored: string[] = [];
  calls = 0;

  async write(lines: readonly string[]): Promise<WriteOutcome> {
    this.calls++;
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.answer) return this.answer;
    if (!this.up) return { ok: false, permanent: false, message: 'ECONNREFUSED' };
    this.batches.push([...lines]);
    this.stored.push(...lines);
    return { ok: true };
  }

  async close(): Promise<void> {}
}

describe(WriteBatcher.name, () => {
  let dir: string;
  let writer: FakeWriter;
  let sut: WriteBatcher;
  const logger = pino({ level: 'silent' });

  function create(overrides: Partial<WriteBatcherOptions> = {}): WriteBatcher {
    return new WriteBatcher({
      writer,
      spool: new DiskSpool({ dir: path.join(dir, 'pending'), maxBytes: 10_000 }),
      rejected: new RejectedBatches(path.join(dir, 'rejected'), 10_000),
      logger,
      batchSize: 3,
      flushIntervalMs: 20,
      quickRetries: 1,
      backoffBaseMs: 5,
      backoffMaxMs: 20,
      closeTimeoutMs: 200,
      ...overrides,
    });
  }

  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `m v=1i ${from + i}`);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'batcher-spec-'));
    writer = new FakeWriter();
    sut = create();
  });

  afterEach(async () => {
    await sut.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends full batches at batchSize and the rest on the interval', async () => {
    sut.enqueue(lines(0, 7));
    // The interval flush, however late a loaded machine runs the timer (a fixed wait made this flaky).
    for (let waited = 0; sut.stats().written < 7 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));

    expect(writer.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(sut.stats()).toEqual(expect.objectContaining({ written: 7, queued: 0, reachable: true }));
  });

  it('spools while the database is down and drains in order, before newer data, when it returns', async () => {
    sut.enqueue(lines(0, 3));
    await sut.flush();
    writer.up = false;
    sut.enqueue(lines(3, 8));
    await sut.flush();
    const down = sut.stats();
    writer.up = true;
    sut.enqueue(lines(8, 10));
    await sut.flush();

    expect(down).toEqual(expect.objectContaining({ reachable: false, spoolRecords: 5 }));
    expect(writer.stored).toEqual(lines(0, 10));
    expect(sut.stats()).toEqual(expect.objectContaining({ reachable: true, spoolRecords: 0, written: 10, dropped: 0 }));
  });

  it('sets a permanently refused batch aside and carries on', async () => {
    writer.answer = { ok: false, permanent: true, status: 400, message: 'HTTP 400: partial write: field type conflict' };
    sut.enqueue(lines(0, 2));
    await sut.flush();
    writer.answer = undefined;
    sut.enqueue(lines(2, 3));
    await sut.flush();

    expect(sut.stats()).toEqual(expect.objectContaining({ rejected: 2, written: 1, spoolRecords: 0 }));
    const files = fs.readdirSync(path.join(dir, 'rejected'));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'rejected', files[0] ?? ''), 'utf8')).toBe(`# HTTP 400: partial write: field type conflict\n${lines(0, 2).join('\n')}\n`);
  });

  it('refuses data with a counter when the spool is full, keeping what is spooled', async () => {
    await sut.close();
    sut = create({ spool: new DiskSpool({ dir: path.join(dir, 'small'), maxBytes: 60 }) });
    writer.up = false;
    sut.enqueue(lines(0, 12));
    await sut.flush();

    const stats = sut.stats();
    expect(stats.spoolBytes).toBeLessThanOrEqual(60 + 3 * 12); // one prepended batch may overshoot
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.dropped + stats.spoolRecords).toBe(12);
  });

  it('bounds memory by spilling to the spool while a write is slow', async () => {
    await sut.close();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: InfluxWriter = {
      write: async (batch) => {
        await gate;
        return writer.write(batch);
      },
      close: async () => undefined,
    };
    sut = create({ writer: slow, maxQueueLines: 4 });
    sut.enqueue(lines(0, 3)); // goes in flight and blocks
    await new Promise((resolve) => setTimeout(resolve, 5));
    sut.enqueue(lines(3, 12));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const whileBlocked = sut.stats();
    release();
    await sut.flush();

    expect(whileBlocked.queued).toBeLessThanOrEqual(4);
    expect(whileBlocked.spoolRecords).toBeGreaterThan(0);
    expect(writer.stored).toEqual(lines(0, 12));
  });

  it('close() spools what it cannot write, for the next run', async () => {
    writer.up = false;
    sut.enqueue(lines(0, 5));
    await sut.close();
    writer.up = true;
    const next = create();
    next.start();
    await next.flush();
    await next.close();

    expect(writer.stored).toEqual(lines(0, 5));
    expect(fs.readdirSync(path.join(dir, 'pending'))).toEqual([]);
  });
});
