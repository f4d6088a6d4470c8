/**
 * Bounded on-disk FIFO of line protocol under `dir`: append-only segment files named `<order>.lp`, each
 * holding up to `maxSegmentLines` lines (one write request). New lines are appended to the tail segment
 * until it is full or has been read for sending (sealed), so a long outage makes few, large files.
 *
 * New segments are written to `*.tmp` and renamed into place. A crash during an append can leave a partial
 * last line; `open()` cuts it off (that one record is lost, never a whole batch to a parse error).
 * A segment is deleted only after its batch was written (the batcher calls `remove` after a 2xx).
 * Every append is fsynced (and a new segment's directory entry too): the inbound WAL checkpoints records once they
 * are spooled, so the spool must be as durable as the log. Appends happen only while InfluxDB is away, a batch at a
 * time, so this costs one fsync per batch of up to 5,000 lines. One process per directory.
 *
 * Bound: `append` refuses lines that would take the spool past `maxBytes` (newest data is refused,
 * the oldest kept, so the stored history stays gap-free up to the outage and the refusal is visible in a
 * counter). `prepend` (a batch that was in flight when the database went away) is always accepted,
 * so the bound can be exceeded by at most one batch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SpoolSegment {
  readonly order: number;
  lines: number;
  bytes: number;
  readonly file: string;
  /** Read for sending: nothing more is appended to it. */
  sealed: boolean;
}

export interface DiskSpoolOptions {
  dir: string;
  maxBytes: number;
  /** Lines per segment file (default 5,000, the batch size). */
  maxSegmentLines?: number;
}

const SEGMENT = /^(\d{16})\.lp$/;
/** First order number; leaves room below for prepends. */
const FIRST_ORDER = 1_000_000_000_000;

export class DiskSpool {
  private segments: SpoolSegment[] = [];
  private opened = false;
  private totalBytes = 0;
  private totalLines = 0;
  private nextOrder = FIRST_ORDER;

  constructor(private readonly options: DiskSpoolOptions) {}

  private get maxSegmentLines(): number {
    return this.options.maxSegmentLines ?? 5000;
  }

  get dir(): string {
    return this.options.dir;
  }

  get limitBytes(): number {
    return this.options.maxBytes;
  }

  get bytes(): number {
    this.open();
    return this.totalBytes;
  }

  get records(): number {
    this.open();
    return this.totalLines;
  }

  get segmentCount(): number {
    this.open();
    return this.segments.length;
  }

  isEmpty(): boolean {
    this.open();
    return this.segments.length === 0;
  }

  /** Scans the directory (idempotent). Leftover `.tmp` files from a crash are deleted. */
  open(): void {
    if (this.opened) return;
    try {
      this.scan();
    } catch (error) {
      // An unusable directory must not crash the write path: the spool stays empty and appends fail (counted as dropped).
      this.openError = error instanceof Error ? error.message : String(error);
      this.opened = true;
    }
  }

  /** Why the directory could not be opened, if it could not. */
  openError: string | undefined;

  private scan(): void {
    fs.mkdirSync(this.options.dir, { recursive: true });
    const found: SpoolSegment[] = [];
    for (const name of fs.readdirSync(this.options.dir)) {
      const file = path.join(this.options.dir, name);
      if (name.endsWith('.tmp')) {
        fs.rmSync(file, { force: true });
        continue;
      }
      const match = SEGMENT.exec(name);
      if (!match) continue;
      const { lines, bytes } = repairSegment(file);
      if (lines === 0) {
        fs.rmSync(file, { force: true });
        continue;
      }
      found.push({ order: Number(match[1]), lines, bytes, file, sealed: true });
    }
    found.sort((a, b) => a.order - b.order);
    this.segments = found;
    this.totalBytes = found.reduce((sum, s) => sum + s.bytes, 0);
    this.totalLines = found.reduce((sum, s) => sum + s.lines, 0);
    const last = found[found.length - 1];
    this.nextOrder = last ? last.order + 1 : FIRST_ORDER;
    this.opened = true;
  }

  /** Appends lines at the tail. Returns false (nothing written) when the bound would be exceeded. */
  append(lines: readonly string[]): boolean {
    this.open();
    if (lines.length === 0) return true;
    const body = serialise(lines);
    const size = Buffer.byteLength(body);
    if (this.totalBytes + size > this.options.maxBytes) return false;
    const tail = this.segments[this.segments.length - 1];
    if (tail && !tail.sealed && tail.lines + lines.length <= this.maxSegmentLines) {
      appendDurably(tail.file, body);
      tail.lines += lines.length;
      tail.bytes += size;
      this.totalBytes += size;
      this.totalLines += lines.length;
      return true;
    }
    this.store(this.nextOrder++, lines.length, body, 'tail');
    return true;
  }

  /** Puts a batch at the head: it is older than everything spooled. Ignores the bound (see class doc). */
  prepend(lines: readonly string[]): void {
    this.open();
    if (lines.length === 0) return;
    const head = this.segments[0];
    const order = head ? head.order - 1 : this.nextOrder++;
    this.store(order, lines.length, serialise(lines), 'head');
  }

  peek(): SpoolSegment | undefined {
    this.open();
    return this.segments[0];
  }

  /** Reads a segment for sending and seals it. */
  read(segment: SpoolSegment): string[] {
    segment.sealed = true;
    return fs
      .readFileSync(segment.file, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0);
  }

  /** Deletes a segment after its batch has been written (or set aside as rejected). */
  remove(segment: SpoolSegment): void {
    const index = this.segments.indexOf(segment);
    if (index < 0) return;
    fs.rmSync(segment.file, { force: true });
    this.segments.splice(index, 1);
    this.totalBytes -= segment.bytes;
    this.totalLines -= segment.lines;
  }

  private store(order: number, lineCount: number, body: string, at: 'head' | 'tail'): void {
    const name = `${String(order).padStart(16, '0')}.lp`;
    const file = path.join(this.options.dir, name);
    appendDurably(`${file}.tmp`, body);
    fs.renameSync(`${file}.tmp`, file);
    fsyncDir(this.options.dir);
    const segment: SpoolSegment = { order, lines: lineCount, bytes: Buffer.byteLength(body), file, sealed: at === 'head' };
    if (at === 'head') this.segments.unshift(segment);
    else this.segments.push(segment);
    this.totalBytes += segment.bytes;
    this.totalLines += lineCount;
  }
}

function appendDurably(file: string, body: string): void {
  const fd = fs.openSync(file, 'a');
  try {
    fs.writeSync(fd, body);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Cuts a partial last line left by a crash mid-append; returns what remains. */
function repairSegment(file: string): { lines: number; bytes: number } {
  const content = fs.readFileSync(file);
  const end = content.lastIndexOf(0x0a) + 1;
  if (end < content.length) fs.truncateSync(file, end);
  let lines = 0;
  for (let i = content.indexOf(0x0a); i >= 0 && i < end; i = content.indexOf(0x0a, i + 1)) lines++;
  return { lines, bytes: end };
}

function serialise(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
