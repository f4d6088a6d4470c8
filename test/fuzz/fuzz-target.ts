/**
 * The processor the fuzzer attacks, as deployed: its own Node process (services/processor/dist/main.js, the
 * production heap flags of PROCESSOR_NODE_OPTIONS), its embedded broker open to anonymous devices, a private
 * InfluxDB. Its memory is measured alone, not mixed with the Jest process of the suites that ran before. It is
 * forked through processor-child.cjs, which answers heap questions over IPC; a crash is the process exiting or
 * its stderr reporting an uncaught exception or an unhandled rejection.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_ENV_VARS, PROCESSOR_MALLOC_ENV, PROCESSOR_NODE_OPTIONS } from '@arterial/processor';
import { PROCESSOR_MAIN } from '../cluster/processor-process';
import { freePort } from '../support/free-port';
import { InfluxServer } from '../support/influx-server';
import { waitFor } from '../support/wait-for';

/** What Node writes to stderr when an exception or a rejection reaches the top (then it exits). */
const CRASH_MARKERS = /uncaught|unhandled ?(promise)?rejection|triggerUncaughtException|FATAL ERROR|out of memory/i;
const STDERR_KEPT = 16 * 1024;

export interface ChildMemory {
  heapUsedBytes: number;
  arrayBuffersBytes: number;
  rssBytes: number;
}

export class FuzzTarget {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-fuzz-target-'));
  private readonly influx = new InfluxServer();
  private stderr = '';
  private mqttPort = 0;
  private httpPort = 0;
  private stopping = false;
  /** While starting, a death is the start's error (retried on a port taken meanwhile), not a fuzzing crash. */
  private launching = false;
  private crashReported = false;
  /** Crashes: an exit not asked for, and the first crash report on stderr. */
  readonly crashes: string[] = [];

  /** Called with each crash as it happens (e.g. to name the sessions in flight). */
  constructor(private readonly onCrash: (what: string) => void = () => undefined) {}

  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('FuzzTarget: start() first');
    return pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get logFile(): string {
    return path.join(this.dir, 'processor.log');
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    await this.influx.start();
    // A port found free can be taken (an outgoing connection's ephemeral port) before the child binds it: new ports.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.launch(env);
        return;
      } catch (error) {
        if (attempt >= 3 || !this.stderr.includes('EADDRINUSE')) throw error;
        this.crashes.length = 0;
        this.crashReported = false;
        this.stderr = '';
      }
    }
  }

  private async launch(env: Record<string, string>): Promise<void> {
    this.launching = true;
    try {
      await this.spawnAndAwaitHealth(env);
    } finally {
      this.launching = false;
    }
  }

  private async spawnAndAwaitHealth(env: Record<string, string>): Promise<void> {
    [this.mqttPort, this.httpPort] = [await freePort(), await freePort()];
    // Nothing of the Jest process's own configuration leaks in: only what is set here configures the processor.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(CONFIG_ENV_VARS as readonly string[]).includes(key)));
    const childEnv: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_OPTIONS: PROCESSOR_NODE_OPTIONS,
      ...PROCESSOR_MALLOC_ENV,
      ...{ MQTT_PORT: String(this.mqttPort), HTTP_PORT: String(this.httpPort), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      ...{ INFLUX_URL: this.influx.url, INFLUX_DB: 'arterial_fuzz', SPOOL_DIR: path.join(this.dir, 'spool') },
      ...{ MQTT_ALLOW_ANONYMOUS: 'true', API_ALLOW_ANONYMOUS: 'true', DEVICE_REGISTRY_FILE: path.join(this.dir, 'devices.json') },
      ...{ USER_REGISTRY_FILE: path.join(this.dir, 'users.json'), API_TOKEN_SECRET_FILE: path.join(this.dir, 'token-secret') },
      ...env,
    };
    const log = fs.openSync(this.logFile, 'a');
    const child = fork(path.join(__dirname, 'processor-child.cjs'), [PROCESSOR_MAIN], {
      env: childEnv,
      execArgv: ['--expose-gc'],
      stdio: ['ignore', log, 'pipe', 'ipc'],
    });
    fs.closeSync(log);
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      fs.appendFileSync(this.logFile, text);
      this.stderr = (this.stderr + text).slice(-STDERR_KEPT);
      if (!this.crashReported && CRASH_MARKERS.test(text)) {
        this.crashReported = true;
        this.crash(`processor stderr reports a crash:\n${this.stderr}`);
      }
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.crash(`processor exited (code ${code}, signal ${signal}):\n${this.stderr}`);
        resolve();
      }),
    );
    const died = this.exited.then(() => {
      throw new Error(`the fuzzed processor died during start: ${this.crashes.join('\n')}`);
    });
    died.catch(() => undefined);
    // Polling stops as soon as the process is gone too, so no timer outlives a failed start.
    const answered = waitFor(async () => !this.running || (await fetch(`${this.httpUrl}/api/health`, { signal: AbortSignal.timeout(1000) })).ok, {
      timeoutMs: 40_000,
      intervalMs: 200,
      what: `the fuzzed processor to answer /api/health (log: ${this.logFile})`,
    });
    await Promise.race([answered, died]);
    if (!this.running) throw new Error(`the fuzzed processor died during start: ${this.crashes.join('\n')}`);
  }

  /** The processor's heap and RSS after two forced collections (asked over IPC). */
  async settledMemory(timeoutMs = 10_000): Promise<ChildMemory> {
    const child = this.child;
    if (!child?.connected) throw new Error('FuzzTarget: the processor is not running');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`the processor did not report its memory within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: { type?: string; usage?: NodeJS.MemoryUsage }) => {
        if (message.type !== 'memory' || !message.usage) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve({ heapUsedBytes: message.usage.heapUsed, arrayBuffersBytes: message.usage.arrayBuffers, rssBytes: message.usage.rss });
      };
      child.on('message', onMessage);
      child.send({ type: 'memory' });
    });
  }

  /** A clean stop (SIGTERM; SIGKILL after 20 s), then the private InfluxDB and the files go. */
  async dispose(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && this.running) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(killer);
    }
    await this.influx.dispose();
    // After a crash the processor's log stays for the post-mortem.
    if (this.crashes.length === 0) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private crash(what: string): void {
    this.crashes.push(what);
    if (!this.launching) this.onCrash(what);
  }
}
