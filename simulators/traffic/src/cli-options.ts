/** Command-line options of the simulator, parsed and checked without side effects. */
import * as path from 'node:path';
import { MQTT_CREDENTIAL_OPTIONS, mqttCredentials, numberFlag, parseCliValues, usageText, type CliCommand, type CliOptionTable } from '@arterial/device-kit';
import { FAULT_RATE_OPTIONS, parseTrafficArgs, SCENARIO_OPTIONS, startOption } from './traffic-options';
import type { SimulatorOptions } from './simulator';

export const DEFAULT_NETWORK_FILE = path.resolve(__dirname, '..', '..', '..', 'firmware-contracts', 'networks', 'demo.geojson');

const OPTIONS = {
  'mqtt-url': { type: 'string', value: 'URL', help: 'broker (default $MQTT_URL or mqtt://127.0.0.1:1883)' },
  ...MQTT_CREDENTIAL_OPTIONS,
  network: { type: 'string', value: 'FILE', help: 'network model (default firmware-contracts/networks/demo.geojson)' },
  speed: { type: 'string', value: 'N', help: 'simulated seconds per real second (default 1)' },
  hours: { type: 'string', value: 'H', help: 'stop after H simulated hours (default: run until SIGINT/SIGTERM)' },
  'detector-interval': { type: 'string', value: 'S', help: "detector aggregation interval in seconds (default: the network's, 10 in the demo)" },
  ...startOption('simulated start time (default now; with --speed > 1 and --hours, now − hours)'),
  ...SCENARIO_OPTIONS,
  ...FAULT_RATE_OPTIONS,
  'shared-connection': { type: 'boolean', help: 'one MQTT connection for all devices, no last wills (load runs)' },
  'centre-silence': { type: 'string', value: 'S', help: 'simulated seconds without a plan message before a controller leaves a centre plan (default 300)' },
  'broker-loss': { type: 'string', value: 'S', help: 'simulated seconds without the broker before a controller leaves a centre plan (default 60)' },
} as const satisfies CliOptionTable;

export const USAGE = usageText('Usage: node simulators/traffic/dist/cli.js [options]', OPTIONS, 'Environment: LOG_LEVEL (pino level), MQTT_URL, MQTT_USERNAME, MQTT_PASSWORD.');

export type CliOptions = SimulatorOptions & { network: string; mqttUrl: string };

function credentialOptions({ username, password }: { username?: string; password?: string }): Pick<CliOptions, 'mqttUsername' | 'mqttPassword'> {
  return { ...(username !== undefined ? { mqttUsername: username } : {}), ...(password !== undefined ? { mqttPassword: password } : {}) };
}

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand<CliOptions> {
  const parsed = parseCliValues(argv, OPTIONS);
  if (parsed.help) return parsed;
  const { values } = parsed;
  const { seed, startMs, utcOffsetHours, incidents, faultRates } = parseTrafficArgs(values);
  const speed = numberFlag('speed', values.speed, (n) => n > 0 && n <= 100_000, 'a number in (0, 100000]');
  const hours = numberFlag('hours', values.hours, (n) => n > 0, 'a positive number');
  const detectorIntervalS = numberFlag('detector-interval', values['detector-interval'], (n) => Number.isInteger(n) && n >= 1 && n <= 3600, 'an integer in [1, 3600]');
  const centreSilenceS = numberFlag('centre-silence', values['centre-silence'], (n) => n > 0, 'a positive number');
  const brokerLossS = numberFlag('broker-loss', values['broker-loss'], (n) => n > 0, 'a positive number');
  return {
    help: false,
    options: {
      mqttUrl: values['mqtt-url'] ?? env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
      ...credentialOptions(mqttCredentials(values, env)),
      network: path.resolve(values.network ?? DEFAULT_NETWORK_FILE),
      connections: values['shared-connection'] ? 'shared' : 'per-controller',
      ...(speed !== undefined ? { speed } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(hours !== undefined ? { hours } : {}),
      ...(detectorIntervalS !== undefined ? { detectorIntervalS } : {}),
      ...(startMs !== undefined ? { startMs } : {}),
      ...(utcOffsetHours !== undefined ? { utcOffsetHours } : {}),
      ...(incidents.length > 0 ? { incidents } : {}),
      ...(faultRates !== undefined ? { faultRates } : {}),
      ...(centreSilenceS !== undefined ? { centreSilenceS } : {}),
      ...(brokerLossS !== undefined ? { brokerLossS } : {}),
    },
  };
}
