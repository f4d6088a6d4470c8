/**
 * The HS256 key of local tokens: API_TOKEN_SECRET, else the key file (generated once, 32 random bytes, mode 0600,
 * created exclusively so two processors starting together agree on one key). With API_ALLOW_ANONYMOUS and no file,
 * a key for this run only: tests and development leave nothing secret on disk.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TokenSecretSource {
  secret: string | undefined;
  file: string;
  /** When the file is missing: create it (sign-in required) or keep a key in memory (anonymous mode). */
  persist: boolean;
}

const KEY_BYTES = 32;

function readKeyFile(file: string): Uint8Array {
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
  if (key.length < KEY_BYTES) throw new Error(`${file}: the token key must be at least ${KEY_BYTES} bytes (base64url)`);
  return key;
}

export function loadTokenSecret(source: TokenSecretSource): { key: Uint8Array; origin: 'env' | 'file' | 'created' | 'ephemeral' } {
  if (source.secret !== undefined) return { key: Buffer.from(source.secret, 'utf8'), origin: 'env' };
  if (fs.existsSync(source.file)) return { key: readKeyFile(source.file), origin: 'file' };
  const key = randomBytes(KEY_BYTES);
  if (!source.persist) return { key, origin: 'ephemeral' };
  fs.mkdirSync(path.dirname(source.file), { recursive: true });
  try {
    fs.writeFileSync(source.file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use its key.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { key: readKeyFile(source.file), origin: 'file' };
    throw err;
  }
  return { key, origin: 'created' };
}
