/**
 * Dead-letter file for batches InfluxDB refused permanently (bad data: field type conflict, points beyond
 * retention, unparsable lines). Each batch becomes one `rejected/<time>-<n>.lp` file whose first line is a
 * line-protocol comment with the server's answer, so the file can be inspected, fixed and re-imported.
 * Bounded: past `maxBytes` further batches are only counted and logged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class RejectedBatches {
  private bytes: number | undefined;
  private counter = 0;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  /** Returns the file written, or undefined when the bound was reached or the disk failed. */
  save(lines: readonly string[], reason: string, nowMs: number): string | undefined {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      this.bytes ??= fs.readdirSync(this.dir).reduce((sum, name) => sum + fs.statSync(path.join(this.dir, name)).size, 0);
      const body = `# ${reason.replace(/[\r\n]+/g, ' ')}\n${lines.join('\n')}\n`;
      const size = Buffer.byteLength(body);
      if (this.bytes + size > this.maxBytes) return undefined;
      const file = path.join(this.dir, `${nowMs}-${process.pid}-${this.counter++}.lp`);
      fs.writeFileSync(file, body);
      this.bytes += size;
      return file;
    } catch {
      return undefined;
    }
  }
}
