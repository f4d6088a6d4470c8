/**
 * Device fleet CLI: `node simulators/devices/dist/cli.js --url mqtt://127.0.0.1:1883 --intersections 2000
 * --detectors-per-intersection 8 --state-hz 1 --measurement-interval 10 --seconds 60 [--ramp-per-second 200]`.
 * Progress goes to stderr every few seconds; the last stdout line is the JSON summary. SIGINT/SIGTERM end the
 * run early but cleanly (summary `ending: "stopped"`, exit 0); bad options or a too-low open-file limit exit 2.
 * The process exits when the run is over, so no connection left half-closed can keep it alive.
 */
import * as fs from 'node:fs';
import { loadNetworkFile, runCli } from '@arterial/device-kit';
import { openFileLimit, parseCliOptions, USAGE, type FleetCliOptions } from './cli-options';
import { DeviceFleet, type FleetStats } from './fleet/device-fleet';
import { planFromCounts, planFromNetwork, type FleetPlan } from './fleet/fleet-plan';
import { MqttFleetTransport } from './transport/mqtt-fleet-transport';

function progress(message: string): void {
  process.stderr.write(`[fleet] ${message}\n`);
}

function progressLine(s: FleetStats): string {
  const p = s.published;
  return `${(s.elapsedMs / 1000).toFixed(1)}s connected=${s.connected}/${s.connections} failures=${s.connectFailures} reconnects=${s.reconnects} published state=${p.state} measurement=${p.measurement} status=${p.status} errors=${s.publishErrors} skipped=${s.skippedOffline}`;
}

function connectionsNeeded(plan: FleetPlan, options: FleetCliOptions): number {
  let n = 0;
  for (const i of plan.intersections) n += 1 + (options.layout === 'per-detector' ? i.detectorIds.length : i.detectorIds.length > 0 ? 1 : 0);
  return n;
}

async function run(options: FleetCliOptions): Promise<void> {
  const plan = options.network
    ? planFromNetwork(await loadNetworkFile(options.network))
    : planFromCounts({ intersections: options.intersections, detectorsPerIntersection: options.detectorsPerIntersection, idPrefix: options.idPrefix });
  const needed = connectionsNeeded(plan, options);
  let limits = '';
  try {
    limits = fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    // not Linux: skip the check
  }
  const limit = openFileLimit(limits);
  if (limit !== undefined && limit < needed + 64) {
    throw new Error(`open-file limit (ulimit -n) is ${limit}, but ${needed} connections need at least ${needed + 64}; raise it (ulimit -n ${needed * 2}) or run fewer devices`);
  }
  const fleet = new DeviceFleet({
    plan,
    transport: new MqttFleetTransport({ url: options.url, ...options.credentials }),
    detectorLayout: options.layout,
    stateHz: options.stateHz,
    measurementIntervalS: options.measurementIntervalS,
    durationS: options.seconds,
    rampPerSecond: options.rampPerSecond,
    clientIdPrefix: options.clientIdPrefix,
  });
  progress(`${plan.intersections.length} controllers, ${needed} connections (${options.layout}) to ${options.url} for ${options.seconds} s`);
  const onSignal = () => {
    progress('signal received: stopping cleanly');
    void fleet.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timer = setInterval(() => progress(progressLine(fleet.stats())), options.progressSeconds * 1000);
  void fleet.whenAllConnected().then(() => {
    const stats = fleet.stats();
    progress(`all ${needed} connections up after ${((stats.allConnectedAfterMs ?? 0) / 1000).toFixed(2)} s; ${progressLine(stats)}`);
  });
  const summary = await fleet.start();
  clearInterval(timer);
  progress(progressLine(summary));
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ ...summary, url: options.url, fleetMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), fleetCpuS: Math.round((cpu.user + cpu.system) / 1e4) / 100 })}\n`,
  );
}

void runCli({
  name: 'fleet',
  usage: USAGE,
  parse: (argv) => parseCliOptions(argv, process.pid, process.env),
  run,
  onFailure: (err, io) => {
    io.stderr(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  },
}).then(() => process.exit());
