/** Command-line options of the fleet CLI, parsed without side effects so they can be specified. */
import type { DetectorLayout } from './fleet/device-fleet';
import { assertLoopbackUrl } from './transport/loopback';

export interface FleetCliOptions {
  url: string;
  intersections: number;
  detectorsPerIntersection: number;
  /** A network file (GeoJSON, arterial-network v1); when given, its intersections and detectors replace the counts. */
  network: string | undefined;
  stateHz: number;
  measurementIntervalS: number;
  seconds: number;
  rampPerSecond: number;
  layout: DetectorLayout;
  idPrefix: string;
  clientIdPrefix: string;
  progressSeconds: number;
}

export const USAGE = `usage: node simulators/devices/dist/cli.js [options]
  --url mqtt://127.0.0.1:1883        broker (loopback only: 127.0.0.1, localhost, ::1)
  --intersections 2000               controllers (one MQTT connection each)
  --detectors-per-intersection 8
  --network FILE                     emulate the intersections and detectors of a network file instead
  --state-hz 1                       signal state per controller per second (QoS 0); 0 = none
  --measurement-interval 10          seconds between measurements per detector (QoS 1); 0 = none
  --seconds 60                       run length, ramp included; the fleet then stops by itself
  --ramp-per-second 200              new connections per second; 0 = all at once
  --layout per-cabinet|per-detector  detector connections (default per-cabinet: one per intersection)
  --id-prefix fleet                  device ids: fleet00001, fleet00001-d1, …
  --client-id-prefix fleet-<pid>     MQTT client ids
  --progress-seconds 5`;

export function parseCliOptions(argv: readonly string[], pid = process.pid): FleetCliOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (!flag.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(flag)}\n${USAGE}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    values.set(flag.slice(2), value);
    i += 1;
  }
  const known = new Set(['url', 'intersections', 'detectors-per-intersection', 'network', 'state-hz', 'measurement-interval', 'seconds', 'ramp-per-second', 'layout', 'id-prefix', 'client-id-prefix', 'progress-seconds']);
  for (const key of values.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  const num = (key: string, fallback: number, check: (n: number) => boolean, what: string): number => {
    const raw = values.get(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${key} must be ${what}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const int = (n: number) => Number.isInteger(n);
  const layout = values.get('layout') ?? 'per-cabinet';
  if (layout !== 'per-cabinet' && layout !== 'per-detector') throw new Error(`--layout must be per-cabinet or per-detector, got ${JSON.stringify(layout)}`);
  const url = values.get('url') ?? 'mqtt://127.0.0.1:1883';
  assertLoopbackUrl(url);
  return {
    url,
    intersections: num('intersections', 100, (n) => int(n) && n >= 1 && n <= 100_000, 'an integer 1–100000'),
    detectorsPerIntersection: num('detectors-per-intersection', 8, (n) => int(n) && n >= 0 && n <= 64, 'an integer 0–64'),
    network: values.get('network'),
    stateHz: num('state-hz', 1, (n) => n >= 0 && n <= 50, 'a number 0–50'),
    measurementIntervalS: num('measurement-interval', 10, (n) => int(n) && n >= 0 && n <= 3600, 'an integer 0–3600'),
    seconds: num('seconds', 60, (n) => n > 0 && n <= 7 * 86400, 'a number of seconds > 0 (at most a week)'),
    rampPerSecond: num('ramp-per-second', 200, (n) => n >= 0, 'a number ≥ 0'),
    layout,
    idPrefix: values.get('id-prefix') ?? 'fleet',
    clientIdPrefix: values.get('client-id-prefix') ?? `fleet-${pid}`,
    progressSeconds: num('progress-seconds', 5, (n) => n > 0, 'a number > 0'),
  };
}

/** Soft limit on open files from /proc/self/limits (Linux); undefined when it cannot be read. */
export function openFileLimit(limitsText: string): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limitsText);
  if (!match) return undefined;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}
