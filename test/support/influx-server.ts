/**
 * A private InfluxDB 1.x server for integration tests: its own temp dir, its own free ports,
 * nothing shared with a system service. `start()` waits for `/ping` → 204; `stop()` sends SIGTERM
 * and waits for exit (the data dir survives, so `start()` again is a restart); `dispose()` stops
 * and removes the temp dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from './free-port';

export interface InfluxServerOptions {
  /** Path of the influxd binary; INFLUXD env var, else /usr/bin/influxd. */
  binary?: string;
  /** How long start() waits for /ping. */
  startTimeoutMs?: number;
}


const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Servers still running; killed if the test process exits without stop() (e.g. process.exit in a test). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const running of live) running.kill('SIGKILL');
  });
}

export class InfluxServer {
  readonly dir: string;
  private httpPort = 0;
  private rpcPort = 0;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private readonly binary: string;
  private readonly startTimeoutMs: number;

  constructor(options: InfluxServerOptions = {}) {
    this.binary = options.binary ?? process.env.INFLUXD ?? '/usr/bin/influxd';
    this.startTimeoutMs = options.startTimeoutMs ?? 20_000;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-influx-'));
  }

  /** Base URL of the HTTP API, e.g. http://127.0.0.1:41234. Valid after the first start(). */
  get url(): string {
    if (this.httpPort === 0) throw new Error('InfluxServer: start() first');
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    if (this.httpPort === 0) {
      this.httpPort = await freePort();
      this.rpcPort = await freePort();
    }
    const configFile = this.writeConfig();
    const log = fs.openSync(path.join(this.dir, 'influxd.log'), 'a');
    const child = spawn(this.binary, ['-config', configFile], { stdio: ['ignore', log, log], env: { ...process.env, INFLUXDB_REPORTING_DISABLED: 'true' } });
    fs.closeSync(log);
    this.child = child;
    track(child);
    let exitCode: number | null | undefined;
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code) => {
        exitCode = code;
        if (this.child === child) this.child = undefined;
        resolve();
      });
      child.once('error', () => resolve());
    });
    const deadline = Date.now() + this.startTimeoutMs;
    while (Date.now() < deadline) {
      if (exitCode !== undefined || this.child !== child) throw new Error(`influxd exited during start (code ${String(exitCode)}):\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 204) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    await this.stop();
    throw new Error(`influxd did not answer /ping within ${this.startTimeoutMs} ms:\n${this.logTail()}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
    this.child = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs an InfluxQL statement (POST /query) and returns the parsed JSON. For test assertions. */
  async query(q: string, db?: string): Promise<InfluxQueryResponse> {
    const params = new URLSearchParams({ q, epoch: 'ms' });
    if (db) params.set('db', db);
    const res = await fetch(`${this.url}/query`, { method: 'POST', body: params });
    const body = (await res.json()) as InfluxQueryResponse;
    if (!res.ok || body.error) throw new Error(`query failed (${res.status}): ${body.error ?? JSON.stringify(body)}`);
    const failed = body.results?.find((r) => r.error);
    if (failed) throw new Error(`query failed: ${failed.error}`);
    return body;
  }

  /** First value of the first series of the first result, or undefined. */
  async scalar(q: string, db: string): Promise<unknown> {
    const body = await this.query(q, db);
    return body.results?.[0]?.series?.[0]?.values?.[0]?.[1];
  }

  logTail(lines = 30): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'influxd.log'), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private writeConfig(): string {
    const d = (name: string) => JSON.stringify(path.join(this.dir, name));
    const config = [
      'reporting-disabled = true',
      `bind-address = "127.0.0.1:${this.rpcPort}"`,
      '[meta]',
      `  dir = ${d('meta')}`,
      '[data]',
      `  dir = ${d('data')}`,
      `  wal-dir = ${d('wal')}`,
      '  query-log-enabled = false',
      '[coordinator]',
      '  log-queries-after = "0s"',
      '[monitor]',
      '  store-enabled = false',
      '[http]',
      `  bind-address = "127.0.0.1:${this.httpPort}"`,
      '  log-enabled = false',
      '[continuous_queries]',
      '  enabled = true',
      '  log-enabled = false',
      '[subscriber]',
      '  enabled = false',
      '',
    ].join('\n');
    const file = path.join(this.dir, 'influxdb.conf');
    fs.writeFileSync(file, config);
    return file;
  }
}

export interface InfluxQueryResponse {
  error?: string;
  results?: Array<{ statement_id?: number; error?: string; series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }> }>;
}
