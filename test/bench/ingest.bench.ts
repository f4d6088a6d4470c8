/**
 * `npm run bench:ingest`: the processor in its own process (embedded aedes, private InfluxDB 1.6.7) with the heap
 * limits production runs with (runtime-flags.ts), a load generator process on loopback publishing over TLS with
 * device authentication (load-security.ts), and a /ws client here measuring publish-to-WebSocket latency.
 * Phase 1 holds 5,000 msg/s to measure latency; phase 2 offers more than the processor can take and
 * measures the sustained accepted rate including draining any backlog. Repeats --runs times (default 3)
 * and prints medians; the last line is machine-readable JSON (acceptedPerS, offeredPerS, peakRssMb among them, and
 * lostAcked: PUBACKed measurements of the throughput phase not found in InfluxDB by (detector, seq) once drained).
 * Options: --offered N (msg/s offered in phase 2, default 25000) --throughput-seconds --latency-rate --latency-seconds --runs;
 * BENCH_PROCESSOR_NODE_OPTIONS in the environment replaces the processor's NODE_OPTIONS (to measure other flags);
 * BENCH_PROCESSOR_MALLOC=glibc-default leaves out its malloc settings (PROCESSOR_MALLOC_ENV).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/free-port';
import { InfluxServer } from '../support/influx-server';
import { LiveFeedClient } from '../support/live-feed-client';
import { waitFor } from '../support/wait-for';
import { lostAcked, storedSeqs } from './acked-stored';
import { processorRuntimeEnv } from './processor-runtime-env';
import { median, memoryKb, numberArg, percentile, progressLogger, readHealth, runBench } from './bench-support';
import { benchDeviceSecurity, type BenchDeviceSecurity } from './load-security';

const progress = progressLogger('bench:ingest');

const root = path.resolve(__dirname, '..', '..', '..');

/** Devices the generator publishes for with `prefix` (its topics' device ids). */
function generatorDeviceIds(prefix: string, devices: number): string[] {
  return Array.from({ length: devices }, (_, d) => `${prefix}-det-${d}`);
}

function runGenerator(mqttUrl: string, security: BenchDeviceSecurity, rate: number, seconds: number, devices: number, prefix: string, ackedFile?: string): Promise<{ sent: number; acked: number }> {
  return new Promise((resolve, reject) => {
    const args = ['--url', mqttUrl, '--username', security.username, '--password', security.password, '--rate', String(rate), '--seconds', String(seconds), '--devices', String(devices), '--prefix', prefix];
    if (ackedFile) args.push('--acked-file', ackedFile);
    const child = spawn(process.execPath, [path.join(__dirname, 'load-generator.js'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: security.caFile },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as { sent: number; acked: number }) : reject(new Error(`load generator exited ${code}`))));
  });
}

async function oneRun(run: number, influxUrl: string) {
  const latencyRate = numberArg('latency-rate', 5000);
  const throughputDevices = 10000;
  const [mqttPort, tlsPort, httpPort] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-bench-ingest-'));
  const owns = [...generatorDeviceIds(`lat${run}`, latencyRate), ...generatorDeviceIds(`thr${run}`, throughputDevices)];
  const security = benchDeviceSecurity(dir, `ingest${run}-gateway`, owns, tlsPort);
  const processor: ChildProcess = spawn(process.execPath, [path.join(root, 'services/processor/dist/main.js')], {
    env: {
      ...process.env,
      ...{ MQTT_PORT: String(mqttPort), HTTP_PORT: String(httpPort), HOST: '127.0.0.1', INFLUX_URL: influxUrl, INFLUX_DB: `bench_${run}`, SPOOL_DIR: path.join(dir, 'spool'), LOG_LEVEL: 'error', MQTT_URL: '' },
      ...security.processorEnv,
      // Operator access is not what this measures: /api/health and /ws are read without a token.
      API_ALLOW_ANONYMOUS: 'true',
      ...processorRuntimeEnv(),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = processor.pid as number;
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const mqttUrl = `mqtts://127.0.0.1:${tlsPort}`;
  try {
    await waitFor(async () => (await readHealth(httpUrl)).status === 'ok', { timeoutMs: 30_000, what: 'processor health ok' });
    let peakRss = memoryKb(pid, 'VmRSS');
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryKb(pid, 'VmRSS'))), 250);

    // Phase 1: latency at 5,000 msg/s, one message per detector per second.
    const feed = await LiveFeedClient.connect(`ws://127.0.0.1:${httpPort}/ws`, { record: false });
    const latencies: number[] = [];
    let measuring = false;
    feed.onMessage((m, at) => {
      if (!measuring || m.type !== 'delta') return;
      for (const d of m.detectors) latencies.push(at - d.ts);
    });
    progress(`run ${run}: latency phase at ${latencyRate} msg/s`);
    const warmup = setTimeout(() => (measuring = true), 3000);
    await runGenerator(mqttUrl, security, latencyRate, numberArg('latency-seconds', 15), latencyRate, `lat${run}`);
    clearTimeout(warmup);
    measuring = false;
    latencies.sort((a, b) => a - b);

    // Phase 2: offered load above capacity; sustained = accepted / time until the backlog is drained.
    // --offered is the short name; --offered-rate still works.
    const offered = numberArg('offered', numberArg('offered-rate', 25000));
    const seconds = numberArg('throughput-seconds', 20);
    const before = (await readHealth(httpUrl)).counters['ingest.accepted'] ?? 0;
    progress(`run ${run}: throughput phase offering ${offered} msg/s for ${seconds} s`);
    const t0 = Date.now();
    const ackedFile = path.join(dir, 'acked.json');
    const gen = await runGenerator(mqttUrl, security, offered, seconds, throughputDevices, `thr${run}`, ackedFile);
    let after = before;
    await waitFor(async () => {
      after = (await readHealth(httpUrl)).counters['ingest.accepted'] ?? 0;
      return after - before >= gen.acked;
    }, { timeoutMs: 120_000, intervalMs: 100, what: 'backlog drained' });
    const elapsedS = (Date.now() - t0) / 1000;
    // Everything accepted is in InfluxDB (no memory queue, no spool) before the acknowledged seqs are looked up.
    await waitFor(async () => (await readHealth(httpUrl)).storage.pendingRecords === 0, { timeoutMs: 120_000, intervalMs: 200, what: 'the store to drain' });
    const lost = lostAcked(JSON.parse(fs.readFileSync(ackedFile, 'utf8')) as Record<string, number[]>, await storedSeqs(influxUrl, `bench_${run}`));
    feed.close();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, memoryKb(pid, 'VmHWM'));
    const result = {
      sustainedAcceptedPerSec: Math.round((after - before) / elapsedS),
      offeredPerSec: offered,
      latencyAtRate: latencyRate,
      latencyP50Ms: percentile(latencies, 50),
      latencyP99Ms: percentile(latencies, 99),
      latencyP90Ms: percentile(latencies, 90),
      latencyMaxMs: latencies[latencies.length - 1] ?? NaN,
      latencySamples: latencies.length,
      peakRssMb: Math.round(peakRss / 1024),
      ackedMeasurements: gen.acked,
      lostAcked: lost,
    };
    progress(`run ${run}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    processor.kill('SIGTERM');
    await new Promise((r) => processor.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs = numberArg('runs', 3);
  const influx = new InfluxServer();
  await influx.start();
  try {
    const results = [];
    for (let run = 1; run <= runs; run += 1) results.push(await oneRun(run, influx.url));
    const summary = {
      bench: 'ingest',
      runs,
      machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: Math.round(os.loadavg()[0] as number) },
      sustainedAcceptedPerSec: median(results.map((r) => r.sustainedAcceptedPerSec)),
      offeredPerS: results[0]?.offeredPerSec,
      acceptedPerS: median(results.map((r) => r.sustainedAcceptedPerSec)),
      latencyAtRate: results[0]?.latencyAtRate,
      latencyP50Ms: median(results.map((r) => r.latencyP50Ms)),
      latencyP99Ms: median(results.map((r) => r.latencyP99Ms)),
      peakRssMb: median(results.map((r) => r.peakRssMb)),
      // Summed, not a median: one lost acknowledged message in any run is a failure.
      lostAcked: results.reduce((n, r) => n + r.lostAcked, 0),
      tls: true,
      auth: true,
      perRun: results,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await influx.dispose();
  }
}

runBench(main);
