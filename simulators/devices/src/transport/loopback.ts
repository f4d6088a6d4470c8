/** Load tests must never hit a real broker by mistake: the fleet only talks to loopback addresses. */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Throws unless `url` is an mqtt:// (or ws://) URL on 127.0.0.1, localhost or ::1. */
export function assertLoopbackUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid broker URL ${JSON.stringify(url)}`);
  }
  if (!['mqtt:', 'tcp:', 'ws:'].includes(parsed.protocol)) throw new Error(`unsupported broker URL scheme ${parsed.protocol} (use mqtt://)`);
  if (!LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new Error(`the device fleet only targets loopback brokers (127.0.0.1, localhost, ::1); refusing ${parsed.hostname}`);
  }
  return parsed;
}
