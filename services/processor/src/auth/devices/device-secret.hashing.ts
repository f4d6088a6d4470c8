/**
 * How device secrets are kept: scrypt (node:crypto) with its salt and cost parameters stored per entry, checked in
 * constant time; plus mosquitto's own `$7$` PBKDF2-SHA512 form, which only the plaintext can produce, so the
 * registry can be exported to an external Mosquitto broker.
 */
import { pbkdf2Sync, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptHash {
  algorithm: 'scrypt';
  /** CPU/memory cost (a power of two), block size and parallelism. */
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

/**
 * 2^12 × 8 × 128 B = 4 MiB and ~30 ms per check on a busy 2-core machine. Device secrets are 32 random bytes, which
 * no work factor is needed to protect from guessing (the hash guards a stolen registry file, and 2^256 guesses stay
 * out of reach at any cost); a cheap check keeps a fleet's reconnect storm after a restart to seconds (2,000
 * devices ≈ 30 s of one core, shared over libuv's pool). Stored per entry, so it can be raised later.
 */
export const DEFAULT_SCRYPT = { N: 1 << 12, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptOptions(params: { N: number; r: number; p: number }): ScryptOptions {
  return { N: params.N, r: params.r, p: params.p, maxmem: 128 * params.N * params.r * params.p + 1024 * 1024 };
}

export function hashSecret(secret: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): ScryptHash {
  const salt = randomBytes(SALT_BYTES);
  return { algorithm: 'scrypt', ...params, salt: salt.toString('base64'), hash: scryptSync(secret, salt, KEY_BYTES, scryptOptions(params)).toString('base64') };
}

/** Runs on libuv's thread pool: a burst of CONNECTs must not stall the event loop (and ingest) for 50 ms each. */
export function verifySecret(secret: string, stored: ScryptHash): Promise<boolean> {
  if (stored.algorithm !== 'scrypt') return Promise.resolve(false);
  const expected = Buffer.from(stored.hash, 'base64');
  return new Promise((resolve) =>
    scrypt(secret, Buffer.from(stored.salt, 'base64'), expected.length, scryptOptions(stored), (err, actual) =>
      resolve(!err && actual.length === expected.length && timingSafeEqual(actual, expected)),
    ),
  );
}

/** A fresh device password: 32 random bytes, base64url (43 characters, safe in URLs, shells and env files). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** mosquitto's default is 101; mosquitto hashes at every CONNECT (no cache), so ~10 ms each, for the same reason as above. */
export const MOSQUITTO_ITERATIONS = 10_000;

/** `$7$<iterations>$<salt b64>$<hash b64>`, the PBKDF2-SHA512 line format of `mosquitto_passwd` (mosquitto 2). */
export function mosquittoHash(secret: string, iterations = MOSQUITTO_ITERATIONS, salt: Buffer = randomBytes(12)): string {
  const hash = pbkdf2Sync(secret, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}
