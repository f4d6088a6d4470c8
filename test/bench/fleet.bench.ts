/**
 * `npx tsc -b && npm run bench:fleet`: the processor in its own process (embedded aedes, private InfluxDB),
 * the device fleet CLI in another: 2,000 intersections × 8 detectors with per-cabinet connections (4,000
 * real MQTT connections on loopback), ramped in, then held for a soak at state 1 Hz + a measurement per
 * detector every 10 s. Reports connect time, offered and accepted msg/s over the soak (the latter from
 * /api/health), rejected and lost messages, processor peak RSS and CPU, fleet RSS and CPU. Repeats --runs
 * times (default 1) and prints medians; the last stdout line is machine-readable JSON.
 * Options: --runs --intersections --detectors-per-intersection --soak-seconds --ramp-per-second --state-hz --measurement-interval
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/free-port';
import { InfluxServer } from '../support/influx-server';
import { waitFor } from '../support/wait-for';
import { openFileLimit, type FleetSummary } from '@arterial/device-fleet';
import { median, memoryKb, numberArg, progressLogger, readHealth, runBench } from './bench-support';

const progress = progressLogger('bench:fleet');

const root = path.resolve(__dirname, '..', '..', '..');





/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number, ticksPerSecond: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}




/** What the fleet CLI prints as its last line. */
type FleetCliSummary = FleetSummary & { fleetMaxRssMb: number; fleetCpuS: number };

const PUBLISHED_RE = /published state=(\d+) measurement=(\d+)/;

async function oneRun(run: number, influxUrl: string, ticksPerSecond: number) {
  const intersections = numberArg('intersections', 2000);
  const detectorsPerIntersection = numberArg('detectors-per-intersection', 8);
  const soakSeconds = numberArg('soak-seconds', 60);
  const rampPerSecond = numberArg('ramp-per-second', 500);
  const stateHz = numberArg('state-hz', 1);
  const measurementIntervalS = numberArg('measurement-interval', 10);
  const connections = intersections * (detectorsPerIntersection > 0 ? 2 : 1);
  const rampBudgetS = (rampPerSecond > 0 ? connections / rampPerSecond : 0) * 2 + 20;

  const [mqttPort, httpPort] = [await freePort(), await freePort()];
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-fleet-bench-spool-'));
  const processor: ChildProcess = spawn(process.execPath, [path.join(root, 'services/processor/dist/main.js')], {
    env: { ...process.env, MQTT_PORT: String(mqttPort), HTTP_PORT: String(httpPort), HOST: '127.0.0.1', INFLUX_URL: influxUrl, INFLUX_DB: `fleet_bench_${run}`, SPOOL_DIR: spoolDir, LOG_LEVEL: 'error', MQTT_URL: '', MQTT_ALLOW_ANONYMOUS: process.env.MQTT_ALLOW_ANONYMOUS ?? 'true', API_ALLOW_ANONYMOUS: process.env.API_ALLOW_ANONYMOUS ?? 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const processorPid = processor.pid as number;
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  let fleet: ChildProcess | undefined;
  try {
    await waitFor(async () => (await readHealth(httpUrl)).status === 'ok', { timeoutMs: 30_000, what: 'processor health ok' });
    const baseline = (await readHealth(httpUrl)).counters['ingest.accepted'] ?? 0;
    progress(`run ${run}: ${intersections} intersections × ${detectorsPerIntersection} detectors, ${connections} connections, ramp ${rampPerSecond}/s, soak ${soakSeconds} s`);

    const child = spawn(
      process.execPath,
      [
        path.join(root, 'simulators/devices/dist/cli.js'),
        ...['--url', `mqtt://127.0.0.1:${mqttPort}`, '--intersections', String(intersections), '--detectors-per-intersection', String(detectorsPerIntersection)],
        ...['--state-hz', String(stateHz), '--measurement-interval', String(measurementIntervalS), '--ramp-per-second', String(rampPerSecond)],
        ...['--seconds', String(Math.ceil(rampBudgetS + soakSeconds + 30)), '--client-id-prefix', `bench${run}`, '--progress-seconds', '10'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    fleet = child;
    const fleetPid = child.pid as number;
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    let allConnected: { at: number; publishedStateMeasurement: number } | undefined;
    let partial = '';
    child.stderr?.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        process.stderr.write(`  ${line}\n`);
        const m = PUBLISHED_RE.exec(line);
        if (line.includes('connections up after') && m) allConnected = { at: Date.now(), publishedStateMeasurement: Number(m[1]) + Number(m[2]) };
      }
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const t0Start = Date.now();
    await waitFor(() => allConnected ?? (child.exitCode !== null ? Promise.reject(new Error('fleet exited early')) : undefined), {
      timeoutMs: rampBudgetS * 1000,
      intervalMs: 20,
      what: `all ${connections} fleet connections`,
    });
    const start = allConnected as { at: number; publishedStateMeasurement: number };
    const accepted0 = (await readHealth(httpUrl)).counters['ingest.accepted'] ?? 0;
    const cpu0 = { processor: cpuSeconds(processorPid, ticksPerSecond), fleet: cpuSeconds(fleetPid, ticksPerSecond) };
    const t0 = Date.now();
    progress(`run ${run}: all connected after ${((start.at - t0Start) / 1000).toFixed(1)} s (as seen here); soaking ${soakSeconds} s`);
    let peakProcessorRss = memoryKb(processorPid, 'VmRSS');
    let peakFleetRss = memoryKb(fleetPid, 'VmRSS');
    const sampler = setInterval(() => {
      try {
        peakProcessorRss = Math.max(peakProcessorRss, memoryKb(processorPid, 'VmRSS'));
        peakFleetRss = Math.max(peakFleetRss, memoryKb(fleetPid, 'VmRSS'));
      } catch {
        // a process went away; the final checks report it
      }
    }, 1000);
    await new Promise((resolve) => setTimeout(resolve, soakSeconds * 1000));
    clearInterval(sampler);
    const h1 = await readHealth(httpUrl);
    const t1 = Date.now();
    const accepted1 = h1.counters['ingest.accepted'] ?? 0;
    const cpu1 = { processor: cpuSeconds(processorPid, ticksPerSecond), fleet: cpuSeconds(fleetPid, ticksPerSecond) };
    peakFleetRss = Math.max(peakFleetRss, memoryKb(fleetPid, 'VmHWM'));
    child.kill('SIGTERM');
    const code = await exited;
    fleet = undefined;
    if (code !== 0) throw new Error(`fleet exited with ${code}`);
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string) as FleetCliSummary;
    const windowS = (t1 - t0) / 1000;
    const offeredInWindow = summary.published.state + summary.published.measurement - start.publishedStateMeasurement;
    // Everything the fleet published (offline statuses of the clean stop included) must arrive.
    const publishedTotal = summary.published.state + summary.published.measurement + summary.published.status;
    let acceptedTotal = 0;
    try {
      await waitFor(
        async () => {
          acceptedTotal = ((await readHealth(httpUrl)).counters['ingest.accepted'] ?? 0) - baseline;
          return acceptedTotal >= publishedTotal;
        },
        { timeoutMs: 30_000, intervalMs: 200, what: 'processor to drain' },
      );
    } catch {
      // reported as lost below
    }
    const hEnd = await readHealth(httpUrl);
    peakProcessorRss = Math.max(peakProcessorRss, memoryKb(processorPid, 'VmHWM'));
    const result = {
      connections,
      connectionsHeld: summary.peakConnected,
      connectFailures: summary.connectFailures,
      disconnects: summary.disconnects,
      reconnects: summary.reconnects,
      connectTimeS: summary.allConnectedAfterMs === null ? null : Math.round(summary.allConnectedAfterMs / 100) / 10,
      rampPerSecond,
      soakSeconds: Math.round(windowS * 10) / 10,
      offeredTargetPerSec: Math.round(intersections * stateHz + (measurementIntervalS > 0 ? (intersections * detectorsPerIntersection) / measurementIntervalS : 0)),
      offeredPerSec: Math.round(offeredInWindow / windowS),
      acceptedPerSec: Math.round((accepted1 - accepted0) / windowS),
      published: publishedTotal,
      accepted: acceptedTotal,
      lost: Math.max(0, publishedTotal - acceptedTotal),
      // Accepted beyond what the fleet counted: last wills the broker published for connection attempts the
      // fleet gave up on (connect timeout under a connection storm) after the broker had in fact accepted them.
      extraAccepted: Math.max(0, acceptedTotal - publishedTotal),
      rejected: hEnd.counters['ingest.rejected'] ?? 0,
      duplicates: hEnd.counters['ingest.duplicates'] ?? 0,
      publishErrors: summary.publishErrors,
      scheduleSlips: summary.scheduleSlips,
      processorPeakRssMb: Math.round(peakProcessorRss / 1024),
      processorCpuPct: Math.round(((cpu1.processor - cpu0.processor) / windowS) * 100),
      fleetPeakRssMb: Math.max(summary.fleetMaxRssMb, Math.round(peakFleetRss / 1024)),
      fleetCpuPct: Math.round(((cpu1.fleet - cpu0.fleet) / windowS) * 100),
    };
    progress(`run ${run}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    fleet?.kill('SIGKILL');
    processor.kill('SIGTERM');
    await new Promise((r) => (processor.exitCode !== null ? r(undefined) : processor.once('exit', r)));
    fs.rmSync(spoolDir, { recursive: true, force: true });
  }
}

type RunResult = Awaited<ReturnType<typeof oneRun>>;

async function main(): Promise<void> {
  const runs = numberArg('runs', 1);
  const connections = numberArg('intersections', 2000) * (numberArg('detectors-per-intersection', 8) > 0 ? 2 : 1);
  const limit = openFileLimit(fs.readFileSync('/proc/self/limits', 'utf8')) ?? Number.POSITIVE_INFINITY;
  // The processor holds the broker end of every connection and the fleet the client end, each in one process.
  if (limit < connections + 512) {
    throw new Error(`open-file limit (ulimit -n) is ${limit}; ${connections} connections need at least ${connections + 512} per process. Run \`ulimit -n ${Math.max(20000, connections * 2)}\` first.`);
  }
  let ticksPerSecond = 100;
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    // keep the Linux default
  }
  const influx = new InfluxServer();
  await influx.start();
  try {
    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run += 1) results.push(await oneRun(run, influx.url, ticksPerSecond));
    const med = (pick: (r: RunResult) => number | null) => median(results.map(pick).filter((v): v is number => v !== null));
    const summary = {
      bench: 'fleet',
      runs,
      machine: { cpus: os.cpus().length, node: process.version, openFileLimit: limit },
      connections: results[0]?.connections,
      connectionsHeld: med((r) => r.connectionsHeld),
      connectTimeS: med((r) => r.connectTimeS),
      offeredPerSec: med((r) => r.offeredPerSec),
      acceptedPerSec: med((r) => r.acceptedPerSec),
      rejected: med((r) => r.rejected),
      lost: med((r) => r.lost),
      reconnects: med((r) => r.reconnects),
      processorPeakRssMb: med((r) => r.processorPeakRssMb),
      processorCpuPct: med((r) => r.processorCpuPct),
      fleetPeakRssMb: med((r) => r.fleetPeakRssMb),
      fleetCpuPct: med((r) => r.fleetCpuPct),
      perRun: results,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await influx.dispose();
  }
}

runBench(main);
