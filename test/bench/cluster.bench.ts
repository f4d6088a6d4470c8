/**
 * `npm run bench:cluster`: 1, 2 and 3 processors (child processes) behind one private mosquitto 2 with etcd and a
 * private InfluxDB 1.6.7. For each size the load generator offers more than the group can take (QoS 1) and the
 * accepted rate is read from the instances' counters until the backlog has drained. Then failover: two instances
 * plan the demo network for the traffic simulator's controllers, one is SIGKILLed, and the time until the survivor
 * has planned every junction of the dead one is measured. Progress on stderr; the last stdout line is
 * `{"acceptedPerS":{"1":…,"2":…,"3":…},"failoverS":…}`.
 * Options: --offered-rate (msg/s, default 8000), --seconds (default 15), --lease-ttl-s (default 10).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { intersectionsOf, type NetworkModel } from '@arterial/contracts/network';
import { startSimulator } from '@arterial/traffic-sim';
import { EtcdServer } from '../support/etcd-server';
import { InfluxServer } from '../support/influx-server';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { waitFor } from '../support/wait-for';
import { PlanWatcher } from '../cluster/plan-watcher';
import { ProcessorProcess } from '../cluster/processor-process';
import { numberArg, progressLogger, readHealth, runBench } from './bench-support';

const progress = progressLogger('bench:cluster');
const root = path.resolve(__dirname, '..', '..', '..');
const DEMO_NETWORK = path.join(root, 'firmware-contracts', 'networks', 'demo.geojson');

interface Infra {
  mosquitto: MosquittoBroker;
  etcd: EtcdServer;
  influx: InfluxServer;
}

/**
 * A fresh broker per configuration: mosquitto keeps routing a share of the group's messages to the persistent
 * sessions of instances that have stopped (docs/cluster.md, section 1), which would starve the next configuration.
 */
async function withFreshBroker<T>(infra: Infra, run: () => Promise<T>): Promise<T> {
  await infra.mosquitto.dispose();
  infra.mosquitto = new MosquittoBroker();
  await infra.mosquitto.start();
  return run();
}

function runGenerator(mqttUrl: string, rate: number, seconds: number, prefix: string): Promise<{ sent: number; acked: number }> {
  return new Promise((resolve, reject) => {
    const args = [path.join(__dirname, 'load-generator.js'), '--url', mqttUrl, '--rate', String(rate), '--seconds', String(seconds), '--devices', '5000', '--prefix', prefix];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as { sent: number; acked: number }) : reject(new Error(`load generator exited ${code}`))));
  });
}

async function startGroup(infra: Infra, size: number, label: string, env: Record<string, string>): Promise<ProcessorProcess[]> {
  const group = Array.from({ length: size }, (_, i) =>
    new ProcessorProcess({
      instanceId: `${label}${i + 1}`,
      mqttUrl: infra.mosquitto.url,
      etcdUrl: infra.etcd.url,
      influxUrl: infra.influx.url,
      influxDb: `bench_cluster_${label}`,
      networkFile: DEMO_NETWORK,
      env: { LOG_LEVEL: 'error', ...env },
    }),
  );
  await Promise.all(group.map((p) => p.start()));
  return group;
}

async function acceptedSum(group: ProcessorProcess[]): Promise<number> {
  const counts = await Promise.all(group.map(async (p) => (await readHealth(p.httpUrl)).counters['ingest.accepted'] ?? 0));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Accepted messages per second of a group of `size` while it is offered more than it can take: the counters' rise
 * from 3 s into the offered load to its end (the broker holds a backlog all along, so the group never idles). The
 * backlog is then drained, and what never arrives (the broker's queue bound overflowed) is reported.
 */
async function throughput(infra: Infra, size: number): Promise<number> {
  const group = await startGroup(infra, size, `t${size}x`, { CONTROL_STRATEGY: 'off' });
  try {
    const offered = numberArg('offered-rate', 8000);
    const seconds = numberArg('seconds', 15);
    const before = await acceptedSum(group);
    progress(`${size} instance(s): offering ${offered} msg/s for ${seconds} s`);
    const t0 = Date.now();
    const window: Array<Promise<{ at: number; accepted: number }>> = [];
    const sample = () => acceptedSum(group).then((accepted) => ({ at: Date.now(), accepted }));
    const timers = [setTimeout(() => window.push(sample()), 3000), setTimeout(() => window.push(sample()), seconds * 1000)];
    const gen = await runGenerator(infra.mosquitto.url, offered, seconds, `c${size}`);
    timers.forEach(clearTimeout);
    const [from, to] = await Promise.all(window);
    if (!from || !to) throw new Error('--seconds must be more than 3');
    // Drained when everything acknowledged is accepted, or nothing more arrives for 3 s.
    let after = before;
    let lastChange = Date.now();
    let doneAt = Date.now();
    await waitFor(
      async () => {
        const now = await acceptedSum(group);
        if (now !== after) {
          after = now;
          lastChange = doneAt = Date.now();
        }
        return now - before >= gen.acked || Date.now() - lastChange > 3000;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the backlog to drain' },
    );
    const accepted = after - before;
    const perS = (to.accepted - from.accepted) / ((to.at - from.at) / 1000);
    progress(`${size} instance(s): ${perS.toFixed(0)} msg/s accepted under load; sent ${gen.sent}, broker acknowledged ${gen.acked}, accepted ${accepted} by ${((doneAt - t0) / 1000).toFixed(1)} s; ${Math.max(0, gen.sent - accepted)} never accepted (unacknowledged when the generator gave up, or over the broker's queue bound)`);
    return Math.round(perS);
  } finally {
    for (const p of group) await p.dispose();
  }
}

/** Seconds from SIGKILL of one of two instances until the survivor has planned every junction the dead one held. */
async function failover(infra: Infra): Promise<number> {
  const group = await startGroup(infra, 2, 'f', { CONTROL_STRATEGY: 'max-pressure', CLUSTER_LEASE_TTL_S: String(numberArg('lease-ttl-s', 10)) });
  const network = JSON.parse(fs.readFileSync(DEMO_NETWORK, 'utf8')) as NetworkModel;
  const junctions = intersectionsOf(network).map((j) => j.properties.id);
  const watcher = await PlanWatcher.connect(infra.mosquitto.url, 'bench-cluster-plans');
  // The simulator logs to stdout, whose last line is this benchmark's result.
  process.env.LOG_LEVEL ??= 'warn';
  const simulator = await startSimulator({ mqttUrl: infra.mosquitto.url, network, speed: 1, seed: 5, detectorIntervalS: 10, clientIdPrefix: 'bench-cluster-sim' });
  try {
    progress(`failover: 2 instances, ${junctions.length} junctions; waiting for both to plan (first estimation step at the next minute)`);
    await waitFor(() => junctions.every((j) => watcher.lastSender(j) !== undefined) && watcher.senders().size === 2, { timeoutMs: 120_000, intervalMs: 250, what: 'both instances planning' });
    const [survivor, victim] = group as [ProcessorProcess, ProcessorProcess];
    const victimSender = `arterial-processor-${victim.options.instanceId}`;
    const victims = junctions.filter((j) => watcher.lastSender(j) === victimSender);
    progress(`failover: SIGKILL ${victim.options.instanceId} (it planned ${victims.length} junctions)`);
    const killedAt = Date.now();
    await victim.kill();
    const takenOver = await waitFor(() => watcher.allPlannedBy(victims, `arterial-processor-${survivor.options.instanceId}`, killedAt), { timeoutMs: 120_000, intervalMs: 100, what: 'the takeover' });
    const seconds = (takenOver - killedAt) / 1000;
    const twice = watcher.epochsWithTwoSenders();
    progress(`failover: every junction planned again after ${seconds.toFixed(1)} s; epochs with two senders: ${twice.length}`);
    return Math.round(seconds * 10) / 10;
  } finally {
    await simulator.stop();
    await watcher.close();
    for (const p of group) await p.dispose();
  }
}

runBench(async () => {
  const infra: Infra = { mosquitto: new MosquittoBroker(), etcd: new EtcdServer(), influx: new InfluxServer() };
  await Promise.all([infra.mosquitto.start(), infra.etcd.start(), infra.influx.start()]);
  try {
    const acceptedPerS: Record<string, number> = {};
    for (const size of [1, 2, 3]) acceptedPerS[String(size)] = await withFreshBroker(infra, () => throughput(infra, size));
    const failoverS = await withFreshBroker(infra, () => failover(infra));
    process.stdout.write(`${JSON.stringify({ acceptedPerS, failoverS, cores: (await import('node:os')).cpus().length })}\n`);
  } finally {
    await Promise.all([infra.mosquitto.dispose(), infra.etcd.dispose(), infra.influx.dispose()]);
  }
});
