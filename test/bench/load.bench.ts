/**
 * `npx tsc -b && npm run bench:load`: the device fleet (2,000 intersections × 8 detectors by default, one connection
 * per controller and one per cabinet) against the real processor in its own process, with TLS on the device
 * listener and device authentication on: a throwaway CA and server certificate (openssl) and a registry holding one
 * gateway that owns the fleet's ids, all in a temporary folder; a private InfluxDB. After the soak the store is
 * drained and every PUBACKed measurement is looked up in InfluxDB by (detector, seq).
 * Options: --duration S (soak after every connection is up, default 60) --runs N (default 1) --intersections N
 * --detectors-per-intersection N --state-hz HZ --measurement-interval S --ramp-per-second N.
 * BENCH_PROCESSOR_NODE_OPTIONS in the environment replaces the processor's NODE_OPTIONS (to measure other flags);
 * BENCH_PROCESSOR_MALLOC=glibc-default leaves out its malloc settings (PROCESSOR_MALLOC_ENV).
 * Progress on stderr; the last stdout line is JSON: offeredPerS, acceptedPerS, p99LatencyMs (publish → PUBACK of
 * QoS 1, which waits for the WAL), peakRssMb (processor), tls, auth: medians over the runs; lostAcked summed over them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planFromCounts } from '@arterial/device-fleet';
import { freePort } from '../support/free-port';
import { InfluxServer } from '../support/influx-server';
import { waitFor } from '../support/wait-for';
import { lostAcked, storedSeqs } from './acked-stored';
import { processorRuntimeEnv } from './processor-runtime-env';
import { median, memoryKb, numberArg, progressLogger, readHealth, runBench } from './bench-support';
import { benchDeviceSecurity } from './load-security';

const progress = progressLogger('bench:load');
const root = path.resolve(__dirname, '..', '..', '..');

function stop(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<unknown> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  return exited;
}

interface FleetResult {
  published: { state: number; measurement: number; status: number };
  acked: number;
  pubackP50Ms: number;
  pubackP99Ms: number;
  peakConnected: number;
  connectFailures: number;
  publishErrors: number;
  skippedOffline: number;
  scheduleSlips: number;
}

async function oneRun(run: number, influxUrl: string) {
  const intersections = numberArg('intersections', 2000);
  const detectorsPerIntersection = numberArg('detectors-per-intersection', 8);
  const durationS = numberArg('duration', 60);
  const rampPerSecond = numberArg('ramp-per-second', 500);
  const connections = intersections * (detectorsPerIntersection > 0 ? 2 : 1);
  // TLS handshakes on a busy machine: allow well beyond the nominal ramp before soaking with what is up.
  const rampBudgetS = Math.ceil(connections / rampPerSecond) * 4 + 40;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-load-bench-'));
  const idPrefix = `load${run}`;
  const db = `load_bench_${run}`;
  let processor: ChildProcess | undefined;
  let fleet: ChildProcess | undefined;
  try {
    const plan = planFromCounts({ intersections, detectorsPerIntersection, idPrefix });
    const owns = plan.intersections.flatMap((i) => [i.id, ...i.detectorIds]);
    const [mqttPort, tlsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
    const security = benchDeviceSecurity(dir, `${idPrefix}-gateway`, owns, tlsPort);
    processor = spawn(process.execPath, [path.join(root, 'services/processor/dist/main.js')], {
      env: {
        ...process.env,
        ...{ MQTT_PORT: String(mqttPort), HTTP_PORT: String(httpPort), HOST: '127.0.0.1', MQTT_URL: '', LOG_LEVEL: 'error' },
        ...{ INFLUX_URL: influxUrl, INFLUX_DB: db, SPOOL_DIR: path.join(dir, 'spool') },
        ...security.processorEnv,
        // Operator access is not what this measures; /api/health is read without a token.
        API_ALLOW_ANONYMOUS: 'true',
        ...processorRuntimeEnv(),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pid = processor.pid as number;
    const httpUrl = `http://127.0.0.1:${httpPort}`;
    await waitFor(async () => (await readHealth(httpUrl).catch(() => undefined))?.status === 'ok', { timeoutMs: 60_000, what: 'processor health ok' });
    progress(`run ${run}: ${intersections} intersections × ${detectorsPerIntersection} detectors, ${connections} TLS connections as gateway ${security.username}, soak ${durationS} s`);

    const ackedFile = path.join(dir, 'acked.json');
    const child = spawn(
      process.execPath,
      [
        path.join(__dirname, 'load-fleet.js'),
        ...['--url', `mqtts://127.0.0.1:${tlsPort}`, '--username', security.username, '--password', security.password, '--id-prefix', idPrefix],
        ...['--intersections', String(intersections), '--detectors-per-intersection', String(detectorsPerIntersection)],
        ...['--state-hz', String(numberArg('state-hz', 1)), '--measurement-interval', String(numberArg('measurement-interval', 10))],
        ...['--seconds', String(rampBudgetS + durationS + 60), '--ramp-per-second', String(rampPerSecond), '--acked-file', ackedFile],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_EXTRA_CA_CERTS: security.caFile } },
    );
    fleet = child;
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    let soak: { at: number; published: number; accepted: Promise<number> } | undefined;
    let lastPublished = 0;
    const startSoak = (published: number) => {
      soak = { at: Date.now(), published, accepted: readHealth(httpUrl).then((h) => h.counters['ingest.accepted'] ?? 0) };
      // The soak is --duration from here; the fleet stops cleanly on SIGTERM and reports what it had acknowledged.
      setTimeout(() => child.kill('SIGTERM'), durationS * 1000).unref();
    };
    // A ramp that never completes (connections refused or timing out) still gets its soak, reported with connectionsHeld.
    const rampTimer = setTimeout(() => {
      if (soak) return;
      progress(`run ${run}: not every connection up after ${rampBudgetS} s; soaking with those that are`);
      startSoak(lastPublished);
    }, rampBudgetS * 1000);
    const healthTimer = setInterval(() => {
      void readHealth(httpUrl)
        .then((h) => {
          const bp = h.backpressure;
          progress(`processor: accepted=${h.counters['ingest.accepted']} clients=${h.broker.embedded?.connectedClients} storeQueue=${h.storage.pendingRecords - h.storage.spool.records} written=${h.storage.written} backpressure=${bp?.state} shed=${bp?.shedMessages} held=${bp?.heldMessages} rssMb=${Math.round(memoryKb(pid, 'VmRSS') / 1024)}`);
        })
        .catch(() => undefined);
    }, 10_000);
    let partial = '';
    child.stderr?.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        process.stderr.write(`  ${line}\n`);
        const counts = /published state=(\d+) measurement=(\d+)/.exec(line);
        if (counts) lastPublished = Number(counts[1]) + Number(counts[2]);
        const up = /all connections up .* published=(\d+)/.exec(line);
        if (up && !soak) startSoak(Number(up[1]));
      }
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let peakRssKb = memoryKb(pid, 'VmRSS');
    const sampler = setInterval(() => {
      try {
        peakRssKb = Math.max(peakRssKb, memoryKb(pid, 'VmRSS'));
      } catch {
        // the processor went away: the health reads below fail and say so
      }
    }, 250);
    const code = await exited;
    clearTimeout(rampTimer);
    clearInterval(healthTimer);
    fleet = undefined;
    const endedAt = Date.now();
    const acceptedAtEnd = (await readHealth(httpUrl)).counters['ingest.accepted'] ?? 0;
    if (code !== 0) throw new Error(`load fleet exited with ${code}`);
    if (!soak) throw new Error('the fleet ended before its soak began');
    const summary = JSON.parse(stdout.trim().split('\n').pop() as string) as FleetResult;

    // Drain: everything accepted is in InfluxDB (no memory queue, no spool) and ingest has gone quiet.
    let lastAccepted = -1;
    await waitFor(
      async () => {
        const h = await readHealth(httpUrl);
        const accepted = h.counters['ingest.accepted'] ?? 0;
        const settled = h.storage.pendingRecords === 0 && accepted === lastAccepted;
        lastAccepted = accepted;
        return settled;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: 'the store to drain' },
    );
    clearInterval(sampler);
    peakRssKb = Math.max(peakRssKb, memoryKb(pid, 'VmHWM'));
    const acked = JSON.parse(fs.readFileSync(ackedFile, 'utf8')) as Record<string, number[]>;
    const lost = lostAcked(acked, await storedSeqs(influxUrl, db));
    const windowS = (endedAt - soak.at) / 1000;
    const result = {
      offeredPerS: Math.round((summary.published.state + summary.published.measurement - soak.published) / windowS),
      acceptedPerS: Math.round((acceptedAtEnd - (await soak.accepted)) / windowS),
      p99LatencyMs: Math.round(summary.pubackP99Ms * 10) / 10,
      p50LatencyMs: Math.round(summary.pubackP50Ms * 10) / 10,
      peakRssMb: Math.round(peakRssKb / 1024),
      lostAcked: lost,
      ackedMeasurements: Object.values(acked).reduce((n, seqs) => n + seqs.length, 0),
      connections,
      connectionsHeld: summary.peakConnected,
      connectFailures: summary.connectFailures,
      publishErrors: summary.publishErrors,
      skippedOffline: summary.skippedOffline,
      scheduleSlips: summary.scheduleSlips,
      soakS: Math.round(windowS),
    };
    progress(`run ${run}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await stop(fleet, 'SIGKILL');
    await stop(processor, 'SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type RunResult = Awaited<ReturnType<typeof oneRun>>;

async function main(): Promise<void> {
  const runs = numberArg('runs', 1);
  const influx = new InfluxServer();
  await influx.start();
  try {
    const results: RunResult[] = [];
    for (let run = 1; run <= runs; run += 1) results.push(await oneRun(run, influx.url));
    const med = (pick: (r: RunResult) => number) => median(results.map(pick));
    const summary = {
      offeredPerS: med((r) => r.offeredPerS),
      acceptedPerS: med((r) => r.acceptedPerS),
      p99LatencyMs: med((r) => r.p99LatencyMs),
      peakRssMb: med((r) => r.peakRssMb),
      // Summed, not a median: one lost acknowledged message in any run is a failure.
      lostAcked: results.reduce((n, r) => n + r.lostAcked, 0),
      tls: true,
      auth: true,
      runs,
      machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Math.round(os.loadavg()[0] as number) },
      perRun: results,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await influx.dispose();
  }
}

runBench(main);
