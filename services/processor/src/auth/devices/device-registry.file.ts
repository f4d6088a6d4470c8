/**
 * The registry on disk (DEVICE_REGISTRY_FILE, default data/devices.json): written atomically (temp file, fsync,
 * rename) so a reader never sees half a file, mode 0600; read again whenever the file changed (checked by a stat
 * on each lookup), so `npm run device -- revoke` takes effect at the next CONNECT without a restart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMPTY_REGISTRY, parseRegistry, type RegistryDocument } from './device-registry';

export class DeviceRegistryFile {
  private doc: RegistryDocument = EMPTY_REGISTRY;
  private signature = '';
  /** The last reload error, cleared by a good read; the previous good document stays in force meanwhile. */
  lastError: string | undefined;

  constructor(readonly file: string) {}

  /** The registry as the file holds it now (a missing file is an empty registry). */
  current(): RegistryDocument {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.file);
    } catch {
      this.doc = EMPTY_REGISTRY;
      this.signature = 'missing';
      return this.doc;
    }
    // The rename of an atomic write gives a new inode even when mtime stays within the same tick.
    const signature = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    if (signature === this.signature) return this.doc;
    try {
      this.doc = parseRegistry(fs.readFileSync(this.file, 'utf8'));
      this.signature = signature;
      this.lastError = undefined;
    } catch (err) {
      this.lastError = `${this.file}: ${(err as Error).message}`;
    }
    return this.doc;
  }

  /** Reads a fresh copy, failing on a bad file (the CLI must not overwrite what it cannot read). */
  read(): RegistryDocument {
    if (!fs.existsSync(this.file)) return EMPTY_REGISTRY;
    return parseRegistry(fs.readFileSync(this.file, 'utf8'));
  }

  write(doc: RegistryDocument): void {
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
