/**
 * A processor as a child process (`node services/processor/dist/main.js`), clustered behind an external broker and
 * etcd, so a test or benchmark can SIGKILL it like a crashed host. Files it would write (spool, users, token secret)
 * go to a private folder that outlives a kill, so a restart resumes as the same instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';

/** The checkout's root, from test/cluster (ts-jest) or test/dist/cluster (compiled benchmarks). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'services', 'processor', 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no checkout root above ${__dirname}`);
    dir = up;
  }
  return dir;
}

const root = repoRoot();
export const PROCESSOR_MAIN = path.join(root, 'services', 'processor', 'dist', 'main.js');

export interface ClusterMemberOptions {
  instanceId: string;
  mqttUrl: string;
  etcdUrl: string;
  influxUrl: string;
  influxDb: string;
  networkFile?: string;
  /** Extra environment (CONTROL_STRATEGY, CLUSTER_LEASE_TTL_S, LOG_LEVEL, …). */
  env?: Record<string, string>;
  /** Where the child's stdout/stderr go (default: ignored). */
  logFile?: string;
}

export class ProcessorProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-member-'));
  httpPort = 0;

  constructor(readonly options: ClusterMemberOptions) {}

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns (or respawns, on the same HTTP port) and waits until /api/health/live answers. */
  async start(): Promise<void> {
    if (this.httpPort === 0) this.httpPort = await freePort();
    const o = this.options;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MQTT_URL: o.mqttUrl,
      ETCD_URLS: o.etcdUrl,
      INSTANCE_ID: o.instanceId,
      INFLUX_URL: o.influxUrl,
      INFLUX_DB: o.influxDb,
      HTTP_PORT: String(this.httpPort),
      HOST: '127.0.0.1',
      SPOOL_DIR: path.join(this.dir, 'spool'),
      USER_REGISTRY_FILE: path.join(this.dir, 'users.json'),
      API_TOKEN_SECRET_FILE: path.join(this.dir, 'token-secret'),
      API_ALLOW_ANONYMOUS: 'true',
      LOG_LEVEL: 'warn',
      ...(o.networkFile ? { NETWORK_FILE: o.networkFile } : {}),
      ...o.env,
    };
    const out = o.logFile ? fs.openSync(o.logFile, 'a') : 'ignore';
    const child = spawn(process.execPath, [PROCESSOR_MAIN], { env, stdio: ['ignore', out, out] });
    if (typeof out === 'number') fs.closeSync(out);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const died = this.exited.then(() => {
      throw new Error(`processor ${o.instanceId} exited (code ${child.exitCode}) during start${o.logFile ? `; see ${o.logFile}` : ''}`);
    });
    const answered = waitFor(async () => (await fetch(`${this.httpUrl}/api/health/live`, { signal: AbortSignal.timeout(1000) })).ok, {
      timeoutMs: 40_000,
      intervalMs: 200,
      what: `processor ${o.instanceId} to answer /api/health/live`,
    });
    await Promise.race([answered, died]);
    died.catch(() => undefined);
  }

  /** A crash: no shutdown hook runs, the lease is left to expire, the MQTT session stays with the broker. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** A clean stop (SIGTERM: leaves the cluster, flushes storage); SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(killer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
