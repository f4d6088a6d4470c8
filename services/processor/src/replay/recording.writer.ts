/**
 * Writes recording lines to a file (NDJSON, gzipped when the name ends in `.gz`), honouring back-pressure so memory
 * stays flat. The file appears whole only at close(): it is written under a temporary name and renamed.
 */
import * as fs from 'node:fs';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import type { RecordingLine } from '@arterial/contracts/api/v1';
import { encodeRecordingLine } from './recording-line.codec';
import { isGzipPath } from './recording.reader';

export class RecordingWriter {
  private readonly file: fs.WriteStream;
  private readonly out: Writable;
  private readonly tmpPath: string;
  private count = 0;

  constructor(readonly path: string) {
    this.tmpPath = `${path}.partial`;
    this.file = fs.createWriteStream(this.tmpPath);
    if (isGzipPath(path)) {
      const gzip = createGzip({ level: 6 });
      gzip.pipe(this.file);
      this.out = gzip;
    } else {
      this.out = this.file;
    }
  }

  get lines(): number {
    return this.count;
  }

  async write(line: RecordingLine): Promise<void> {
    this.count += 1;
    if (!this.out.write(`${encodeRecordingLine(line)}\n`)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    const finished = once(this.file, 'close');
    this.out.end();
    await finished;
    await fs.promises.rename(this.tmpPath, this.path);
  }

  /** Stops without leaving a file behind. */
  async abort(): Promise<void> {
    // The file is opened asynchronously: removing it before the stream has closed could race its creation.
    const closed = this.file.closed ? Promise.resolve() : new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    this.out.destroy();
    this.file.destroy();
    await closed;
    await fs.promises.rm(this.tmpPath, { force: true });
  }
}
