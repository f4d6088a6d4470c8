/**
 * A small JSON file that operators change with a CLI while the processor runs (the device registry, the users
 * file): written atomically (temp file, fsync, rename; mode 0600) so a reader never sees half a file, and read again
 * whenever it changed (a stat per lookup), so a change takes effect at the next lookup without a restart.
 *
 * A stat alone can miss a change: file times tick coarsely (a jiffy or more), and each rename frees an inode the
 * next write may reuse, so two writes in one tick can leave inode, size and mtime as they were (a role changed back
 * and forth, a rotated secret). As git does with its index, a reading is trusted only once the file's mtime is
 * clearly older than the moment it was read; until then every lookup reads the small file again and compares.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Longer than any file-time tick and any lag of file times behind the wall clock. */
const RACY_MARGIN_MS = 1000;

export class WatchedJsonFile<T> {
  private doc: T;
  private signature = '';
  private text: string | undefined;
  /** Wall-clock time of the last read of the file's content (file times are wall clock, not the processor's clock). */
  private readAtMs = 0;
  /** The last reload error, cleared by a good read; the previous good document stays in force meanwhile. */
  lastError: string | undefined;

  constructor(
    readonly file: string,
    private readonly parse: (text: string) => T,
    private readonly empty: T,
    private readonly wallClockMs: () => number = Date.now,
  ) {
    this.doc = empty;
  }

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  /** The document as the file holds it now (a missing file: the empty document). */
  current(): T {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      this.doc = this.empty;
      this.text = undefined;
      this.signature = 'missing';
      return this.doc;
    }
    const signature = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    const settled = stat.mtimeMs < this.readAtMs - RACY_MARGIN_MS;
    if (signature === this.signature && settled) return this.doc;
    try {
      const readAtMs = this.wallClockMs();
      const text = fs.readFileSync(this.file, 'utf8');
      // Same content: the same document object, so watchers comparing readings see no change.
      if (text !== this.text) this.doc = this.parse(text);
      this.text = text;
      this.signature = signature;
      this.readAtMs = readAtMs;
      this.lastError = undefined;
    } catch (err) {
      this.lastError = `${this.file}: ${(err as Error).message}`;
    }
    return this.doc;
  }

  /** A fresh copy, failing on a bad file (a writer must not overwrite what it cannot read). */
  read(): T {
    if (!fs.existsSync(this.file)) return this.empty;
    return this.parse(fs.readFileSync(this.file, 'utf8'));
  }

  write(doc: T): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, `${JSON.stringify(doc, null, 2)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, this.file);
  }
}
