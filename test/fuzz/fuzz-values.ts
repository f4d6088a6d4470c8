/**
 * Random field values for the MQTT fuzzer, all drawn from one seeded Rng so a session replays exactly.
 * Weighted towards the edges a broker has to get right: empty, wildcard and `$` levels, maximum lengths,
 * invalid UTF-8, and the contract's own topics (so ingest and its dead letters are fuzzed too).
 */
import { buildTopic, MESSAGE_KINDS } from '@arterial/contracts/mqtt/v1';
import { validPayload } from '@arterial/contracts/testing';
import type { Rng } from '@arterial/device-kit';

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.index(items.length)]!;
}

export function int(rng: Rng, min: number, max: number): number {
  return min + rng.index(max - min + 1);
}

export function randomBytes(rng: Rng, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = rng.index(256);
  return bytes;
}

/** Lengths spread over orders of magnitude: mostly short, sometimes long. */
export function length(rng: Rng, max: number): number {
  return Math.min(max, Math.floor(Math.exp(rng.between(0, Math.log(max + 1)))) - 1 + (rng.chance(0.05) ? max : 0));
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export function deviceId(rng: Rng): string {
  let id = '';
  for (let i = int(rng, 1, 12); i > 0; i--) id += ID_CHARS[rng.index(ID_CHARS.length)];
  return id;
}

/** A string that is sometimes not what a topic level or client id should hold. */
export function oddString(rng: Rng, maxLength: number): string {
  switch (rng.index(6)) {
    case 0:
      return '';
    case 1:
      return deviceId(rng);
    case 2:
      return 'x'.repeat(length(rng, maxLength));
    case 3:
      return randomBytes(rng, length(rng, Math.min(64, maxLength))).toString('latin1');
    case 4:
      return pick(rng, ['\u0000', '\uffff', '\ud800', 'é', '😀', ' ', '\n', '$SYS', '$share', '+', '#', '/']);
    default:
      return randomBytes(rng, length(rng, Math.min(64, maxLength))).toString('utf8');
  }
}

const LEVELS = ['arterial', 'v1', 'v2', 'detectors', 'controllers', 'measurement', 'state', 'status', 'plan', 'ack', 'command', '', '+', '#', '$SYS', '$share', 'arterial/quarantine'];

/** Topics and filters: the contract's own, wildcards, empty levels, `$` topics, junk, and (rarely, they are costly) very long ones. */
export function topic(rng: Rng): string {
  const roll = rng.index(100);
  if (roll < 40) return buildTopic(pick(rng, MESSAGE_KINDS), deviceId(rng));
  if (roll < 65) {
    const levels: string[] = [];
    for (let i = int(rng, 1, 8); i > 0; i--) levels.push(rng.chance(0.7) ? pick(rng, LEVELS) : deviceId(rng));
    return levels.join('/');
  }
  if (roll < 93) return oddString(rng, 256);
  if (roll < 99) return Array.from({ length: int(rng, 1, 600) }, () => deviceId(rng)).join('/');
  return 'x'.repeat(int(rng, 1, 65535));
}

/** Payloads: random bytes, JSON that fails the schema, valid measurements from random devices, (rarely) oversize ones. */
export function payload(rng: Rng, nowMs: number): Buffer {
  const roll = rng.index(100);
  if (roll < 30) return randomBytes(rng, length(rng, 2048));
  if (roll < 45) return Buffer.from(JSON.stringify({ ...validPayload('measurement', nowMs), seq: rng.index(1e9), ts: nowMs - rng.index(60_000) }));
  if (roll < 67) {
    const broken = { ...validPayload(pick(rng, MESSAGE_KINDS), nowMs), [pick(rng, ['ts', 'seq', 'volume', 'planId', 'phases'])]: pick(rng, [null, -1, 'x', 1e308, [], {}]) };
    return Buffer.from(JSON.stringify(broken));
  }
  if (roll < 69) return Buffer.alloc(int(rng, 16 * 1024, 64 * 1024), 'a');
  if (roll < 80) return Buffer.alloc(0);
  return Buffer.from(oddString(rng, 512));
}
