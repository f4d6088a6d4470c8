/** Command-line parsing for the SUMO bridge (pure, so it is unit-tested), on the device kit's option tables. */
import { choiceFlag, MQTT_CREDENTIAL_OPTIONS, mqttCredentials, numberFlag, numberListFlag, parseCliValues, usageText, type CliCommand, type CliOptionTable, type MqttCredentials } from '@arterial/device-kit';

import { CONTROLLER_CLOCKS, type ControllerClockKind } from './controller-clock';
import { DETECTOR_MODES, type DetectorMode } from './detector-placement';
import { CONTROL_PROGRAMS, type ControlProgram } from './sumo-programs';

export interface CliOptions {
  sumocfg?: string;
  grid?: { columns: number; rows: number };
  mqttUrl: string;
  /** A registered device (a gateway owning the lights and loops) when the broker requires credentials. */
  mqttCredentials?: MqttCredentials;
  /** Duration; absent: up to `endS` or the configuration's end. */
  seconds?: number;
  beginS?: number;
  endS?: number;
  seed?: number;
  tripinfoFile?: string;
  /** Every green of every light as NDJSON (bridge option `phaseTraceFile`). */
  phaseTraceFile?: string;
  program: ControlProgram;
  detectors: DetectorMode;
  speed: number;
  intervalS: number;
  /** The lights' clock for plan and command validity: the wall clock (live centre) or the run's simulated time. */
  controllerClock: ControllerClockKind;
  /** Write the converted Arterial network model here (GeoJSON). */
  networkOut?: string;
  origin: [number, number];
}

const OPTIONS = {
  sumocfg: { type: 'string', value: 'FILE', help: 'run this SUMO configuration (or --grid)' },
  grid: { type: 'string', value: 'CxR', help: 'run a generated grid of C×R signals, e.g. 3x3 (or --sumocfg)' },
  'mqtt-url': { type: 'string', value: 'URL', help: 'broker (default mqtt://127.0.0.1:1883)' },
  ...MQTT_CREDENTIAL_OPTIONS,
  seconds: { type: 'string', value: 'S', help: 'simulated seconds from the begin (default: up to --end, else the configuration\'s end, else 600)' },
  begin: { type: 'string', value: 'S', help: 'simulation begin in seconds, e.g. 25200 for 07:00 (default the configuration\'s)' },
  end: { type: 'string', value: 'S', help: 'simulation end in seconds (default the configuration\'s)' },
  seed: { type: 'string', value: 'N', help: 'SUMO random seed' },
  tripinfo: { type: 'string', value: 'FILE', help: 'keep SUMO\'s tripinfo output (unfinished trips included) in FILE' },
  'phase-trace': { type: 'string', value: 'FILE', help: 'write every green of every light (start, end, why it ended) to FILE as NDJSON' },
  program: { type: 'string', value: 'KIND', help: 'platform (plans from the centre, default), sumo-static, sumo-actuated or sumo-delay-based (SUMO controls, the bridge observes)' },
  detectors: { type: 'string', value: 'MODE', help: 'auto (place loops on controlled lanes without detectors, default), config or none' },
  speed: { type: 'string', value: 'N', help: '0 runs as fast as possible; n runs at n times real time (default 0)' },
  interval: { type: 'string', value: 'S', help: 'loop measurement interval in seconds (default 60)' },
  'controller-clock': { type: 'string', value: 'KIND', help: "wall (default: a live centre on the wall clock) or simulation (a centre planning on the run's simulated time): the clock plans and commands are checked on" },
  'network-out': { type: 'string', value: 'FILE.geojson', help: 'write the converted network model' },
  origin: { type: 'string', value: 'LON,LAT', help: 'where nets without geo reference are placed (default 116.3975,39.9087)' },
} as const satisfies CliOptionTable;

export const USAGE = usageText('usage: sumo-bridge (--sumocfg FILE | --grid CxR) [options]   (npm run sumo -- …)', OPTIONS);

const DEFAULT_ORIGIN: [number, number] = [116.3975, 39.9087];

function credentialsOf(credentials: MqttCredentials): Pick<CliOptions, 'mqttCredentials'> {
  return credentials.username !== undefined ? { mqttCredentials: credentials } : {};
}

export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliCommand<CliOptions> {
  const parsed = parseCliValues(argv, OPTIONS);
  if (parsed.help) return parsed;
  const { values } = parsed;
  if (!values.sumocfg === !values.grid) throw new Error('give exactly one of --sumocfg and --grid');
  const grid = numberListFlag('grid', values.grid, { count: 2, separator: 'x', check: (n) => Number.isInteger(n) && n >= 1, rule: 'CxR with whole numbers ≥ 1, e.g. 3x3' });
  const [lon, lat] = numberListFlag('origin', values.origin, { count: 2, rule: 'LON,LAT' }) ?? DEFAULT_ORIGIN;
  const positive = (n: number): boolean => n > 0;
  return {
    help: false,
    options: {
      ...(values.sumocfg ? { sumocfg: values.sumocfg } : {}),
      ...(grid ? { grid: { columns: grid[0]!, rows: grid[1]! } } : {}),
      mqttUrl: values['mqtt-url'] ?? 'mqtt://127.0.0.1:1883',
      ...credentialsOf(mqttCredentials(values, env)),
      ...optional('seconds', numberFlag('seconds', values.seconds, positive, 'a positive number')),
      ...optional('beginS', numberFlag('begin', values.begin, (n) => n >= 0, 'a non-negative number')),
      ...optional('endS', numberFlag('end', values.end, positive, 'a positive number')),
      ...optional('seed', numberFlag('seed', values.seed, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0')),
      ...(values.tripinfo ? { tripinfoFile: values.tripinfo } : {}),
      ...(values['phase-trace'] ? { phaseTraceFile: values['phase-trace'] } : {}),
      program: choiceFlag('program', values.program, CONTROL_PROGRAMS) ?? 'platform',
      detectors: choiceFlag('detectors', values.detectors, DETECTOR_MODES) ?? 'auto',
      speed: numberFlag('speed', values.speed, (n) => n >= 0, 'a non-negative number') ?? 0,
      intervalS: Math.round(numberFlag('interval', values.interval, positive, 'a positive number') ?? 60),
      controllerClock: choiceFlag('controller-clock', values['controller-clock'], CONTROLLER_CLOCKS) ?? 'wall',
      ...(values['network-out'] ? { networkOut: values['network-out'] } : {}),
      origin: [lon!, lat!],
    },
  };
}

/** Whole seconds, only when given. */
function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: Math.round(value) } as Partial<Record<K, number>>);
}
