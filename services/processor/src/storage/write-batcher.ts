/**
 * Moves line protocol from an in-memory queue to InfluxDB in batches, in order, with retries and a disk spool.
 *
 * - `enqueue` is synchronous and never touches disk or network.
 * - A batch leaves the queue at `batchSize` lines or `flushIntervalMs` after its oldest line.
 * - One write is in flight at a time, so the database sees batches in the order they were accepted.
 * - While the spool holds anything, new batches are appended to it instead of being sent: the spool is
 *   drained head first, so data written during an outage lands before data written after it.
 * - A batch that fails transiently (network, 5xx, 429, 401/403/404) is retried `quickRetries` times with
 *   jittered backoff, then put at the head of the spool; spool draining retries with exponential backoff
 *   plus jitter up to `backoffMaxMs`. Retried batches are byte-identical, and InfluxDB overwrites points
 *   with the same measurement, tags and timestamp, so a retry never duplicates.
 * - A permanent failure (4xx bad data) goes to the rejected-batches file, never retried.
 * - Memory is bounded: above `maxQueueLines` the oldest queued lines spill to the spool.
 */
import type { Logger } from '../logging/logger';
import type { DiskSpool, SpoolSegment } from './disk-spool';
import type { InfluxWriter, WriteOutcome } from './influx-writer';
import type { RejectedBatches } from './rejected-batches';

export interface WriteBatcherOptions {
  writer: InfluxWriter;
  spool: DiskSpool;
  rejected: RejectedBatches;
  logger: Logger;
  /** Lines per write request. */
  batchSize?: number;
  /** Longest time a line waits in memory before its batch is sent. */
  flushIntervalMs?: number;
  /** Lines held in memory before the oldest spill to the spool. */
  maxQueueLines?: number;
  /** Immediate retries of a fresh batch before it is spooled. */
  quickRetries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** How long close() waits for queued data to be written before spooling it. */
  closeTimeoutMs?: number;
  /** Epoch-ms source for file names; intervals use a monotonic clock. */
  nowMs?: () => number;
  random?: () => number;
  /** Told about every batch that reached the database. */
  onWritten?: (lines: readonly string[], fromSpool: boolean) => void;
}

export interface WriteBatcherStats {
  reachable: boolean;
  queued: number;
  inFlight: number;
  spoolRecords: number;
  spoolBytes: number;
  spoolLimitBytes: number;
  written: number;
  /** Refused because the spool was full (or after close). */
  dropped: number;
  /** Refused permanently by the database and set aside in the rejected-batches file. */
  rejected: number;
  lastError?: string;
}

interface Waiter {
  upTo: number;
  attemptMark: number;
  resolve: () => void;
}

const monotonic = () => performance.now();

export class WriteBatcher {
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueueLines: number;
  private readonly quickRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly closeTimeoutMs: number;
  private readonly nowMs: () => number;
  private readonly random: () => number;

  private queue: string[] = [];
  private enqueued = 0;
  private taken = 0;
  private oldestQueuedAt = 0;
  private flushUpTo = 0;
  private direct: { start: number; lines: readonly string[] } | undefined;
  private sending = false;
  private tickScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private waiters: Waiter[] = [];

  private reachable = true;
  private lastError: string | undefined;
  private written = 0;
  private dropped = 0;
  private rejectedCount = 0;
  private failures = 0;
  private nextAttemptAt = 0;
  private urgent = false;
  private attempts = 0;
  private lastFailedAttempt = -1;
  private closed = false;
  private readonly abort = new AbortController();
  private lastDropLogAt = -Infinity;
  private dropsSinceLog = 0;

  constructor(private readonly options: WriteBatcherOptions) {
    this.batchSize = options.batchSize ?? 5000;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.maxQueueLines = options.maxQueueLines ?? 100_000;
    this.quickRetries = options.quickRetries ?? 2;
    this.backoffBaseMs = options.backoffBaseMs ?? 250;
    this.backoffMaxMs = options.backoffMaxMs ?? 10_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.random = options.random ?? Math.random;
  }

  /** Starts draining whatever an earlier process left in the spool. */
  start(): void {
    if (this.closed) return;
    if (!this.options.spool.isEmpty()) {
      this.options.logger.info({ records: this.options.spool.records, bytes: this.options.spool.bytes }, 'draining spool left by an earlier run');
    }
    this.schedule();
  }

  enqueue(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.closed) {
      this.drop(lines.length, 'store closed');
      return;
    }
    if (this.queue.length === 0) this.oldestQueuedAt = monotonic();
    for (const line of lines) this.queue.push(line);
    this.enqueued += lines.length;
    if (this.queue.length >= this.batchSize) this.schedule();
    else this.setTimer(this.oldestQueuedAt + this.flushIntervalMs);
  }

  /**
   * Resolves when every line enqueued so far is written, set aside as rejected, or spooled while the
   * database is away: it sends queued data now and makes one immediate attempt to drain the spool.
   */
  flush(): Promise<void> {
    const waiter: Waiter = { upTo: this.enqueued, attemptMark: this.attempts, resolve: () => undefined };
    const done = new Promise<void>((resolve) => (waiter.resolve = resolve));
    this.flushUpTo = Math.max(this.flushUpTo, this.enqueued);
    this.urgent = true;
    this.waiters.push(waiter);
    this.schedule();
    return done;
  }

  stats(): WriteBatcherStats {
    const spool = this.options.spool;
    return {
      reachable: this.reachable,
      queued: this.queue.length,
      inFlight: this.direct?.lines.length ?? 0,
      spoolRecords: spool.records,
      spoolBytes: spool.bytes,
      spoolLimitBytes: spool.limitBytes,
      written: this.written,
      dropped: this.dropped,
      rejected: this.rejectedCount,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Writes what it can within closeTimeoutMs, spools the rest, and stops. Data in the spool stays for the next run. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flushUpTo = this.enqueued;
    const settled = this.waitForMemory(this.enqueued);
    this.schedule();
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise<void>((resolve) => (timeout = setTimeout(resolve, this.closeTimeoutMs)))]);
    clearTimeout(timeout);
    this.closed = true;
    this.abort.abort();
    while (this.sending) await new Promise<void>((resolve) => setTimeout(resolve, 5));
    while (this.queue.length > 0) this.spoolAppend(this.take(this.batchSize));
    this.clearTimer();
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    await this.options.writer.close();
  }

  private waitForMemory(upTo: number): Promise<void> {
    const waiter: Waiter = { upTo, attemptMark: Infinity, resolve: () => undefined };
    const done = new Promise<void>((resolve) => (waiter.resolve = resolve));
    this.waiters.push(waiter);
    this.resolveWaiters();
    return done;
  }

  private schedule(): void {
    if (this.tickScheduled || this.closed) return;
    this.tickScheduled = true;
    setImmediate(() => {
      this.tickScheduled = false;
      this.tick();
    });
  }

  private tick(): void {
    if (this.closed) return;
    const spool = this.options.spool;
    // Keep order: once anything is spooled, later batches queue up behind it on disk.
    if (!spool.isEmpty()) {
      while (this.batchReady()) this.spoolAppend(this.take(this.batchSize));
    }
    // Bound memory, e.g. while one slow write is in flight.
    while (this.queue.length > this.maxQueueLines) this.spoolAppend(this.take(this.batchSize));

    if (!this.sending) {
      const head = spool.peek();
      if (head) {
        const now = monotonic();
        if (this.urgent || now >= this.nextAttemptAt) {
          this.urgent = false;
          void this.sendSegment(head);
        } else {
          this.setTimer(this.nextAttemptAt);
        }
      } else if (this.batchReady()) {
        void this.sendDirect(this.taken, this.take(this.batchSize));
      }
    }
    // A ready batch waits for the write in flight, whose completion schedules the next tick.
    if (this.queue.length > 0 && !this.batchReady()) this.setTimer(this.oldestQueuedAt + this.flushIntervalMs);
    this.resolveWaiters();
  }

  private batchReady(): boolean {
    if (this.queue.length === 0) return false;
    return this.queue.length >= this.batchSize || this.flushUpTo > this.taken || monotonic() - this.oldestQueuedAt >= this.flushIntervalMs;
  }

  private take(count: number): string[] {
    const lines = this.queue.splice(0, count);
    this.taken += lines.length;
    this.oldestQueuedAt = monotonic();
    return lines;
  }

  private async sendSegment(segment: SpoolSegment): Promise<void> {
    this.sending = true;
    let lines: string[];
    try {
      lines = this.options.spool.read(segment);
    } catch (error) {
      this.options.logger.error({ err: error, file: segment.file }, 'unreadable spool segment; skipped');
      this.options.spool.remove(segment);
      this.sending = false;
      this.schedule();
      return;
    }
    const attempt = ++this.attempts;
    const outcome = await this.options.writer.write(lines, this.abort.signal);
    this.sending = false;
    if (this.closed && !outcome.ok) return; // aborted by close(): the segment stays for the next run
    if (outcome.ok) {
      this.options.spool.remove(segment);
      this.succeeded(lines, true);
      if (this.options.spool.isEmpty()) this.options.logger.info('spool drained');
    } else if (outcome.permanent) {
      this.options.spool.remove(segment);
      this.reject(lines, outcome);
    } else {
      this.failed(attempt, outcome);
    }
    this.schedule();
  }

  private async sendDirect(start: number, lines: readonly string[]): Promise<void> {
    this.sending = true;
    this.direct = { start, lines };
    let outcome: WriteOutcome = { ok: false, permanent: false, message: 'not attempted' };
    let attempt = 0;
    for (let i = 0; i <= this.quickRetries && !this.closed; i++) {
      if (i > 0) await this.sleep(this.backoff(i));
      if (this.abort.signal.aborted) break;
      attempt = ++this.attempts;
      outcome = await this.options.writer.write(lines, this.abort.signal);
      if (outcome.ok || outcome.permanent) break;
    }
    if (outcome.ok) this.succeeded(lines, false);
    else if (outcome.permanent) this.reject(lines, outcome);
    else {
      // Everything spooled meanwhile is newer than this batch, so it goes to the head.
      try {
        this.options.spool.prepend(lines);
      } catch (error) {
        this.lastError = `spool write failed: ${error instanceof Error ? error.message : String(error)}`;
        this.drop(lines.length, 'spool unwritable');
      }
      if (!this.closed) this.failed(attempt, outcome);
    }
    this.direct = undefined;
    this.sending = false;
    this.schedule();
    this.resolveWaiters();
  }

  private succeeded(lines: readonly string[], fromSpool: boolean): void {
    if (!this.reachable) this.options.logger.info('InfluxDB reachable again');
    this.reachable = true;
    this.failures = 0;
    this.nextAttemptAt = 0;
    this.written += lines.length;
    this.options.onWritten?.(lines, fromSpool);
  }

  private failed(attempt: number, outcome: Extract<WriteOutcome, { ok: false }>): void {
    const wasReachable = this.reachable;
    this.reachable = outcome.status !== undefined && outcome.status < 500;
    this.lastError = outcome.message;
    this.lastFailedAttempt = attempt;
    this.failures++;
    const delay = this.backoff(this.failures);
    this.nextAttemptAt = monotonic() + delay;
    const log = { error: outcome.message, spoolRecords: this.options.spool.records, retryInMs: Math.round(delay) };
    if (wasReachable || this.failures % 20 === 1) this.options.logger.warn(log, 'InfluxDB write failed; spooling to disk');
  }

  private reject(lines: readonly string[], outcome: Extract<WriteOutcome, { ok: false }>): void {
    this.reachable = true;
    this.lastError = outcome.message;
    this.rejectedCount += lines.length;
    const file = this.options.rejected.save(lines, outcome.message, this.nowMs());
    this.options.logger.error({ error: outcome.message, lines: lines.length, file: file ?? '(rejected-batches bound reached; not saved)' }, 'InfluxDB refused a batch permanently');
  }

  private spoolAppend(lines: readonly string[]): void {
    if (lines.length === 0) return;
    let stored = false;
    try {
      stored = this.options.spool.append(lines);
    } catch (error) {
      this.lastError = `spool write failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (!stored) this.drop(lines.length, 'spool full');
  }

  private drop(count: number, why: string): void {
    this.dropped += count;
    this.dropsSinceLog += count;
    const now = monotonic();
    if (now - this.lastDropLogAt >= 10_000) {
      const spool = this.options.spool;
      this.options.logger.error(
        { why, droppedRecords: this.dropsSinceLog, droppedTotal: this.dropped, spoolBytes: spool.bytes, spoolLimitBytes: spool.limitBytes },
        'TIME SERIES DATA DROPPED: the database is unreachable and the spool is full (or the store is closed)',
      );
      this.lastDropLogAt = now;
      this.dropsSinceLog = 0;
    }
  }

  private backoff(failures: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.min(failures - 1, 30));
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }

  private resolveWaiters(): void {
    if (this.waiters.length === 0) return;
    const spoolSettledSince = (mark: number) => this.options.spool.isEmpty() || this.lastFailedAttempt > mark;
    this.waiters = this.waiters.filter((waiter) => {
      const memorySettled = this.taken >= waiter.upTo && !(this.direct && this.direct.start < waiter.upTo);
      if (memorySettled && (waiter.attemptMark === Infinity || spoolSettledSince(waiter.attemptMark) || this.closed)) {
        waiter.resolve();
        return false;
      }
      return true;
    });
  }

  private setTimer(due: number): void {
    if (this.closed) return;
    if (this.timer && due >= this.timerDue) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDue = Infinity;
        this.tick();
      },
      Math.max(0, due - monotonic()),
    );
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
  }
}
