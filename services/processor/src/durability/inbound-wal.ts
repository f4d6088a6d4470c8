/**
 * The inbound write-ahead log: every QoS 1 device message is appended here, and its PUBACK waits until the append
 * is on disk. Records get consecutive sequence numbers (LSN) from 1.
 *
 * - Group commit: appends made while a write is in flight (or in the same event-loop turn) go to disk together, in
 *   one write and ONE fdatasync; then each waiting append is told, in LSN order. Under load one fsync covers
 *   hundreds of messages; alone a message waits one fsync (~1 ms on SSD).
 * - Segments of about `segmentBytes`, named by their first LSN. The checkpoint (the LSN up to which every record's
 *   point is in the time-series store or its fsynced spool) is written durably; segments wholly at or below it are
 *   deleted.
 * - On open, a torn last record from a crash is cut off; `replay()` yields the records after the checkpoint.
 * - A failed write is truncated away, its appends and every later one are told the error (their messages are not
 *   acknowledged, devices resend) and the log refuses appends from then on: LSNs are handed out at append, so the
 *   log cannot carry on past a hole. Nothing is ever acknowledged that is not on disk.
 *
 * Two acknowledgement modes (`acknowledge`), one per log:
 * - `after-fsync` (default; the embedded broker): `append()` queues the record and says when it is on disk, as above.
 * - `after-write` (an external broker, whose MQTT client acknowledges in its message handler, one message at a
 *   time): `appendWritten()` writes the record into the segment at once with a synchronous write(2), and the caller
 *   may acknowledge on return. The record is then in the OS page cache: it survives the process being killed, not
 *   the host going down. The group commit only fdatasyncs behind it, so a host crash loses at most one commit
 *   window of acknowledged records (docs/storage.md has the trade-off).
 * One process per directory.
 */
import * as fs from 'node:fs';
import type { Logger } from '../logging/logger';
import { fsyncDir, listSegments, readCheckpoint, scanSegment, segmentFile, writeCheckpoint } from './wal-files';
import { encodeWalRecord, type WalMessage } from './wal-record';

export interface InboundWalOptions {
  dir: string;
  /** A segment rolls over once it holds this many bytes (default 16 MiB). */
  segmentBytes?: number;
  /** Extra wait before a commit so more appends share its fsync; default 0 (the next event-loop turn). */
  commitDelayMs?: number;
  /** When a record counts as logged, i.e. may be acknowledged (see above); default `after-fsync`. */
  acknowledge?: WalAckMode;
  logger: Logger;
}

export type WalAckMode = 'after-fsync' | 'after-write';

/** Told once the record is on disk (err null), or that it could not be written. */
export type OnDurable = (err: Error | null, lsn: number) => void;

export interface WalStats {
  /** Records after the checkpoint: logged, not yet known stored. */
  records: number;
  /** Bytes of the segment files on disk. */
  bytes: number;
  segments: number;
  checkpointLsn: number;
  /** LSN of the last record on disk. */
  durableLsn: number;
  /** LSN of the last record written to the segment; ahead of durableLsn only in `after-write` mode, by one commit. */
  writtenLsn: number;
  commits: number;
  lastError?: string;
}

interface Segment {
  firstLsn: number;
  /** firstLsn - 1 while empty. */
  lastLsn: number;
  bytes: number;
  file: string;
}

export interface ReplayedRecord {
  lsn: number;
  message: WalMessage;
}

export class InboundWal {
  private readonly segmentBytes: number;
  private readonly mode: WalAckMode;
  private segments: Segment[] = [];
  private fd: number | undefined;
  private opened = false;
  private closed = false;
  private durable = 0;
  /** Last LSN in the segment files (page cache included); equals `durable` in `after-fsync` mode. */
  private written = 0;
  private checkpointed = 0;
  private delivered = 0;
  private pending: Buffer[] = [];
  private queuedBytes = 0;
  private waiting: OnDurable[] = [];
  private committing: Promise<void> | undefined;
  private commitScheduled = false;
  private commits = 0;
  private lastError: string | undefined;
  private nextLsn = 1;
  private broken: Error | undefined;

  constructor(private readonly options: InboundWalOptions) {
    this.segmentBytes = options.segmentBytes ?? 16 * 1024 * 1024;
    this.mode = options.acknowledge ?? 'after-fsync';
  }

  get dir(): string {
    return this.options.dir;
  }

  /** LSN of the last record handed on to ingest (replayed or live); the checkpoint never passes it. */
  get deliveredLsn(): number {
    return this.delivered;
  }

  get checkpointLsn(): number {
    return this.checkpointed;
  }

  /** LSN of the last record on disk. */
  get durableLsn(): number {
    return this.durable;
  }

  /** LSN of the last record written to the segment (on disk or in the page cache). */
  get writtenLsn(): number {
    return this.written;
  }

  /** Bytes appended and not yet on disk. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Reads the checkpoint, repairs a torn tail and opens the last segment for appending. Idempotent. */
  open(): void {
    if (this.opened) return;
    const { dir } = this.options;
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(dir)) if (name.endsWith('.tmp')) fs.rmSync(`${dir}/${name}`, { force: true });
    this.checkpointed = readCheckpoint(dir);
    const firsts = listSegments(dir);
    this.segments = firsts.map((firstLsn, i) => {
      const next = firsts[i + 1];
      const file = segmentFile(dir, firstLsn);
      return { firstLsn, lastLsn: next === undefined ? firstLsn - 1 : next - 1, bytes: fs.statSync(file).size, file };
    });
    const tail = this.segments[this.segments.length - 1];
    if (tail) {
      const scan = scanSegment(tail.file);
      if (scan.validBytes < scan.totalBytes) {
        this.options.logger.warn({ file: tail.file, cutBytes: scan.totalBytes - scan.validBytes }, 'WAL: torn record at the tail cut off (a crash mid-append; it was never acknowledged)');
        fs.truncateSync(tail.file, scan.validBytes);
      }
      tail.bytes = scan.validBytes;
      tail.lastLsn = tail.firstLsn + scan.records.length - 1;
    }
    this.durable = Math.max(tail?.lastLsn ?? 0, this.checkpointed);
    this.written = this.durable;
    this.delivered = this.checkpointed;
    this.nextLsn = this.durable + 1;
    if (!tail || tail.lastLsn !== this.durable) this.startSegment(this.durable + 1);
    else this.fd = fs.openSync(tail.file, 'a');
    // A killed `after-write` process may have left acknowledged records only in the page cache: make them durable
    // before they are counted so (and replayed).
    if (this.mode === 'after-write' && this.fd !== undefined) fs.fdatasyncSync(this.fd);
    this.opened = true;
  }

  /** Records after the checkpoint, oldest first: what an earlier process acknowledged but may not have stored. */
  *replay(): Generator<ReplayedRecord> {
    this.open();
    for (const segment of [...this.segments]) {
      if (segment.lastLsn <= this.checkpointed) continue;
      const scan = scanSegment(segment.file);
      if (segment.firstLsn + scan.records.length - 1 < segment.lastLsn) {
        this.options.logger.error({ file: segment.file, intact: scan.records.length }, 'WAL: corrupt segment; records after the damage cannot be replayed');
      }
      for (const [i, message] of scan.records.entries()) {
        const lsn = segment.firstLsn + i;
        if (lsn > this.checkpointed && lsn <= this.durable) yield { lsn, message };
      }
    }
  }

  /**
   * Queues a record for the next group commit and returns its LSN; `onDurable` runs once it is on disk. When the log
   * cannot take it, `onDurable` runs at once with the error and 0 is returned.
   */
  append(message: WalMessage, onDurable: OnDurable): number {
    const refused = this.refusal('after-fsync');
    if (refused) {
      onDurable(refused, 0);
      return 0;
    }
    let frame: Buffer;
    try {
      frame = encodeWalRecord(message);
    } catch (error) {
      onDurable(error as Error, 0);
      return 0;
    }
    const lsn = this.nextLsn++;
    this.pending.push(frame);
    this.queuedBytes += frame.length;
    this.waiting.push(onDurable);
    this.scheduleCommit();
    return lsn;
  }

  /**
   * `after-write` mode: writes the record to the segment now (synchronously) and returns its LSN; the record survives
   * the process being killed from here on, and the background group commit fdatasyncs it within one commit window.
   * Throws when the record is not written (the caller must not acknowledge it); after a failed write the log refuses
   * every later append, as in the other mode.
   */
  appendWritten(message: WalMessage): number {
    const refused = this.refusal('after-write');
    if (refused) throw refused;
    const frame = encodeWalRecord(message);
    const lsn = this.nextLsn;
    let active = this.segments[this.segments.length - 1] as Segment;
    try {
      if (this.fd === undefined || (active.bytes > 0 && active.bytes + frame.length > this.segmentBytes)) active = this.rollOver(lsn);
      const fd = this.fd as number;
      try {
        writeAllSync(fd, frame);
      } catch (error) {
        fs.ftruncateSync(fd, active.bytes);
        throw error;
      }
    } catch (error) {
      throw this.fail(error, 1);
    }
    // LSNs are handed out only once written: a failed write leaves no hole.
    this.nextLsn += 1;
    active.bytes += frame.length;
    active.lastLsn = lsn;
    this.written = lsn;
    this.scheduleCommit();
    return lsn;
  }

  /** Ingest has taken every record up to `lsn` (they reach it in LSN order). */
  markDelivered(lsn: number): void {
    if (lsn > this.delivered) this.delivered = lsn;
  }

  /**
   * Records up to `lsn` are stored: writes the checkpoint durably and deletes segments it wholly covers. The caller
   * guarantees the store holds their points (written, or in its fsynced spool).
   */
  checkpoint(lsn: number): void {
    const upTo = Math.min(lsn, this.durable);
    if (!this.opened || upTo <= this.checkpointed) return;
    writeCheckpoint(this.options.dir, upTo);
    this.checkpointed = upTo;
    const active = this.segments[this.segments.length - 1];
    const covered = this.segments.filter((s) => s !== active && s.lastLsn <= upTo);
    if (covered.length === 0) return;
    for (const segment of covered) fs.rmSync(segment.file, { force: true });
    this.segments = this.segments.filter((s) => !covered.includes(s));
    fsyncDir(this.options.dir);
  }

  stats(): WalStats {
    return {
      records: this.written - this.checkpointed + this.waiting.length,
      bytes: this.segments.reduce((sum, s) => sum + s.bytes, 0) + this.queuedBytes,
      segments: this.segments.length,
      checkpointLsn: this.checkpointed,
      durableLsn: this.durable,
      writtenLsn: this.written,
      commits: this.commits,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Commits what is queued, then closes the file. Appends after this are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (;;) {
      if (!this.committing) this.commit();
      if (!this.committing) break;
      await this.committing;
    }
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private scheduleCommit(): void {
    if (this.commitScheduled || this.committing) return;
    this.commitScheduled = true;
    const run = () => {
      this.commitScheduled = false;
      this.commit();
    };
    if (this.options.commitDelayMs) setTimeout(run, this.options.commitDelayMs);
    else setImmediate(run);
  }

  /** Why an append of this mode is refused now, if it is. */
  private refusal(mode: WalAckMode): Error | undefined {
    if (this.mode !== mode) return new Error(`WAL acknowledges ${this.mode}; ${mode === 'after-write' ? 'appendWritten' : 'append'} is the other mode's`);
    if (!this.opened || this.closed) return new Error(this.closed ? 'WAL closed' : 'WAL not open');
    return this.broken;
  }

  private commit(): void {
    if (this.mode === 'after-write') return this.syncWritten();
    if (this.committing || this.pending.length === 0) return;
    const frames = this.pending;
    const waiting = this.waiting;
    const bytes = this.queuedBytes;
    const firstLsn = this.durable + 1;
    this.pending = [];
    this.waiting = [];
    this.queuedBytes = 0;
    this.committing = this.writeDurably(firstLsn, frames, bytes).then((err) => {
      this.committing = undefined;
      for (const [i, onDurable] of waiting.entries()) {
        try {
          onDurable(err, firstLsn + i);
        } catch (error) {
          // One failing waiter must not strand the others' acknowledgements.
          this.options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'WAL: a durability callback threw');
        }
      }
      if (this.pending.length > 0) this.scheduleCommit();
    });
  }

  /** Appends the frames and fdatasyncs; null on success. On failure the segment is cut back to its last good size. */
  private async writeDurably(firstLsn: number, frames: Buffer[], bytes: number): Promise<Error | null> {
    try {
      let active = this.segments[this.segments.length - 1] as Segment;
      // No file open: an earlier roll-over failed half-way; start afresh.
      if (this.fd === undefined || (active.bytes > 0 && active.bytes + bytes > this.segmentBytes)) active = this.rollOver(firstLsn);
      const fd = this.fd as number;
      const body = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames, bytes);
      try {
        await writeAll(fd, body);
        await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
      } catch (error) {
        fs.ftruncateSync(fd, active.bytes);
        throw error;
      }
      active.bytes += bytes;
      active.lastLsn = firstLsn + frames.length - 1;
      this.durable = this.written = active.lastLsn;
      this.commits += 1;
      return null;
    } catch (error) {
      return this.fail(error, frames.length);
    }
  }

  /** `after-write` group commit: fdatasyncs what is written, in the background; acknowledgements never wait for it. */
  private syncWritten(): void {
    if (this.committing || this.broken || this.fd === undefined || this.written <= this.durable) return;
    const fd = this.fd;
    const upTo = this.written;
    this.committing = new Promise<void>((resolve) =>
      fs.fdatasync(fd, (err) => {
        this.committing = undefined;
        if (err) {
          // Acknowledged records may not reach the disk (the kernel can drop pages it failed to write): refuse more.
          this.fail(err, upTo - this.durable, 'WAL fdatasync failed: records already acknowledged may be lost to a host crash; no further message is acknowledged');
        } else {
          this.durable = Math.max(this.durable, upTo);
          this.commits += 1;
        }
        if (this.written > this.durable) this.scheduleCommit();
        resolve();
      }),
    );
  }

  /** The log is broken from here on: records the error, tells queued appends, logs, and returns the error. */
  private fail(error: unknown, records: number, message = 'WAL write failed: these messages are NOT acknowledged'): Error {
    const err = error instanceof Error ? error : new Error(String(error));
    this.lastError = err.message;
    this.broken = err;
    // Later appends were numbered behind the lost ones: they can never be written either.
    const stranded = this.waiting;
    this.pending = [];
    this.waiting = [];
    this.queuedBytes = 0;
    if (stranded.length > 0) setImmediate(() => stranded.forEach((onDurable) => onDurable(err, 0)));
    this.options.logger.error({ err: err.message, dir: this.options.dir, records }, message);
    return err;
  }

  private rollOver(firstLsn: number): Segment {
    if (this.fd !== undefined) this.retire(this.fd);
    this.fd = undefined;
    const last = this.segments[this.segments.length - 1];
    // An empty last segment already starts here (its roll-over failed after creating it): reuse it.
    if (last && last.firstLsn === firstLsn && last.bytes === 0) {
      this.fd = fs.openSync(last.file, 'a');
      return last;
    }
    return this.startSegment(firstLsn);
  }

  /** Closes the segment being left. In `after-write` mode its acknowledged tail is fdatasynced first (commits sync only the current segment). */
  private retire(fd: number): void {
    if (this.mode === 'after-fsync') return fs.closeSync(fd);
    fs.fdatasyncSync(fd);
    this.durable = Math.max(this.durable, this.written);
    // A background fdatasync may still be running on this descriptor: close it after that.
    const close = () => fs.closeSync(fd);
    if (this.committing) void this.committing.then(close);
    else close();
  }

  private startSegment(firstLsn: number): Segment {
    const file = segmentFile(this.options.dir, firstLsn);
    this.fd = fs.openSync(file, 'a');
    fsyncDir(this.options.dir);
    const segment: Segment = { firstLsn, lastLsn: firstLsn - 1, bytes: 0, file };
    this.segments.push(segment);
    return segment;
  }
}

/** Writes the whole buffer at the end of the file now, going on after a short write. */
function writeAllSync(fd: number, body: Buffer): void {
  for (let offset = 0; offset < body.length; ) offset += fs.writeSync(fd, body, offset, body.length - offset, null);
}

/** Writes the whole buffer at the end of the file, going on after a short write. */
async function writeAll(fd: number, body: Buffer): Promise<void> {
  for (let offset = 0; offset < body.length; ) {
    offset += await new Promise<number>((resolve, reject) => fs.write(fd, body, offset, body.length - offset, null, (err, written) => (err ? reject(err) : resolve(written))));
  }
}
