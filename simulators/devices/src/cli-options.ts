/** Command-line options of the fleet CLI, parsed without side effects so they can be specified. */
import { choiceFlag, MQTT_CREDENTIAL_OPTIONS, mqttCredentials, numberFlag, parseCliValues, usageText, type CliCommand, type CliOptionTable, type MqttCredentials } from '@arterial/device-kit';
import type { DetectorLayout } from './fleet/device-fleet';
import { assertLoopbackUrl } from './transport/loopback';

export interface FleetCliOptions {
  url: string;
  /** A registered device (a gateway owning the fleet's ids) when the broker requires credentials. */
  credentials?: MqttCredentials;
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

const OPTIONS = {
  url: { type: 'string', value: 'URL', help: 'broker, loopback only: 127.0.0.1, localhost, ::1 (default mqtt://127.0.0.1:1883)' },
  ...MQTT_CREDENTIAL_OPTIONS,
  intersections: { type: 'string', value: 'N', help: 'controllers, one MQTT connection each (default 100)' },
  'detectors-per-intersection': { type: 'string', value: 'N', help: 'detectors per controller (default 8)' },
  network: { type: 'string', value: 'FILE', help: 'emulate the intersections and detectors of a network file instead' },
  'state-hz': { type: 'string', value: 'HZ', help: 'signal state per controller per second, QoS 0; 0 = none (default 1)' },
  'measurement-interval': { type: 'string', value: 'S', help: 'seconds between measurements per detector, QoS 1; 0 = none (default 10)' },
  seconds: { type: 'string', value: 'S', help: 'run length, ramp included; the fleet then stops by itself (default 60)' },
  'ramp-per-second': { type: 'string', value: 'N', help: 'new connections per second; 0 = all at once (default 200)' },
  layout: { type: 'string', value: 'per-cabinet|per-detector', help: 'detector connections (default per-cabinet: one per intersection)' },
  'id-prefix': { type: 'string', value: 'P', help: 'device ids: fleet00001, fleet00001-d1, … (default fleet)' },
  'client-id-prefix': { type: 'string', value: 'P', help: 'MQTT client ids (default fleet-<pid>)' },
  'progress-seconds': { type: 'string', value: 'S', help: 'seconds between progress lines on stderr (default 5)' },
} as const satisfies CliOptionTable;

export const USAGE = usageText('usage: node simulators/devices/dist/cli.js [options]', OPTIONS);

const isInteger = (n: number): boolean => Number.isInteger(n);

function credentialsOf(credentials: MqttCredentials): Pick<FleetCliOptions, 'credentials'> {
  return credentials.username !== undefined ? { credentials } : {};
}

export function parseCliOptions(argv: readonly string[], pid = process.pid, env: NodeJS.ProcessEnv = {}): CliCommand<FleetCliOptions> {
  const parsed = parseCliValues(argv, OPTIONS);
  if (parsed.help) return parsed;
  const { values } = parsed;
  const url = values.url ?? 'mqtt://127.0.0.1:1883';
  assertLoopbackUrl(url);
  return {
    help: false,
    options: {
      url,
      ...credentialsOf(mqttCredentials(values, env)),
      intersections: numberFlag('intersections', values.intersections, (n) => isInteger(n) && n >= 1 && n <= 100_000, 'an integer 1–100000') ?? 100,
      detectorsPerIntersection: numberFlag('detectors-per-intersection', values['detectors-per-intersection'], (n) => isInteger(n) && n >= 0 && n <= 64, 'an integer 0–64') ?? 8,
      network: values.network,
      stateHz: numberFlag('state-hz', values['state-hz'], (n) => n >= 0 && n <= 50, 'a number 0–50') ?? 1,
      measurementIntervalS: numberFlag('measurement-interval', values['measurement-interval'], (n) => isInteger(n) && n >= 0 && n <= 3600, 'an integer 0–3600') ?? 10,
      seconds: numberFlag('seconds', values.seconds, (n) => n > 0 && n <= 7 * 86400, 'a number of seconds > 0 (at most a week)') ?? 60,
      rampPerSecond: numberFlag('ramp-per-second', values['ramp-per-second'], (n) => n >= 0, 'a number ≥ 0') ?? 200,
      layout: choiceFlag('layout', values.layout, ['per-cabinet', 'per-detector'] as const) ?? 'per-cabinet',
      idPrefix: values['id-prefix'] ?? 'fleet',
      clientIdPrefix: values['client-id-prefix'] ?? `fleet-${pid}`,
      progressSeconds: numberFlag('progress-seconds', values['progress-seconds'], (n) => n > 0, 'a number > 0') ?? 5,
    },
  };
}

/** Soft limit on open files from /proc/self/limits (Linux); undefined when it cannot be read. */
export function openFileLimit(limitsText: string): number | undefined {
  const match = /^Max open files\s+(\d+|unlimited)/m.exec(limitsText);
  if (!match) return undefined;
  return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
}
