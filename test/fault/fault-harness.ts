/**
 * What the fault tests share: the real processor (`services/processor/dist/main.js`) as a child process on fixed
 * ports and a fixed WAL/spool folder (so a restart is the same installation), QoS 1 detectors with persistent
 * sessions that record every PUBACKed seq, and the check that InfluxDB holds each acknowledged seq exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { buildTopic, parseTopic } from '@arterial/contracts/mqtt/v1';
import type { ConnectionEvents, ConnectionSpec, DeviceConnection, DeviceTransport, PublishDone, WireMessage } from '@arterial/device-kit';
import { freePort } from '../support/free-port';
import { InfluxServer } from '../support/influx-server';
import { waitFor } from '../support/wait-for';

const root = path.resolve(__dirname, '..', '..');
export const PROCESSOR_MAIN = path.join(root, 'services', 'processor', 'dist', 'main.js');

export class ProcessorChild {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;

  private constructor(
    readonly dir: string,
    readonly mqttPort: number,
    readonly httpPort: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** `extraEnv`: what a test adds to the environment, e.g. NETWORK_FILE and CONTROL_STRATEGY. */
  static async create(dir: string, influx: InfluxServer, db: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<ProcessorChild> {
    if (!fs.existsSync(PROCESSOR_MAIN)) throw new Error(`${PROCESSOR_MAIN} is missing: build first (npx tsc -b services/processor)`);
    const [mqttPort, httpPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MQTT_URL: '',
      MQTT_PORT: String(mqttPort),
      HTTP_PORT: String(httpPort),
      HOST: '127.0.0.1',
      INFLUX_URL: influx.url,
      INFLUX_DB: db,
      INFLUX_API: 'v1',
      SPOOL_DIR: path.join(dir, 'spool'),
      WAL_DIR: path.join(dir, 'wal'),
      MQTT_ALLOW_ANONYMOUS: 'true',
      API_ALLOW_ANONYMOUS: 'true',
      // Load from a few connections must not trip the per-device limits this test is not about.
      MQTT_DEVICE_RATE_PER_S: '100000',
      MQTT_DEVICE_BURST: '100000',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    return new ProcessorChild(dir, mqttPort, httpPort, env);
  }

  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  /** Starts the process and resolves once its broker accepts connections. */
  async start(): Promise<void> {
    this.starts += 1;
    const log = fs.openSync(path.join(this.dir, `processor-${this.starts}.log`), 'a');
    const child = spawn(process.execPath, [PROCESSOR_MAIN], { env: this.env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitFor(() => (this.child === child ? canConnect(this.mqttPort) : Promise.reject(new Error('processor exited'))), { timeoutMs: 30_000, intervalMs: 100, what: `processor start ${this.starts}` }).catch(
      (err: unknown) => {
        throw new Error(`${String(err)}\nprocessor log:\n${this.logTail()}`);
      },
    );
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(killer);
    this.child = undefined;
  }

  logTail(lines = 40): string {
    const file = path.join(this.dir, `processor-${this.starts}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
  }
}

/**
 * A TCP proxy in front of a broker port, so a test can take the devices' broker connections down while observers
 * stay connected: cut() destroys every open connection and refuses new ones (accepted, then destroyed at once)
 * until restore().
 */
export class ConnectionCutter {
  private readonly sockets = new Set<net.Socket>();
  private cutOff = false;
  private readonly server: net.Server;

  private constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(targetPort: number): Promise<ConnectionCutter> {
    const cutter = new ConnectionCutter(targetPort);
    await new Promise<void>((resolve) => cutter.server.listen(0, '127.0.0.1', resolve));
    return cutter;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  cut(): void {
    this.cutOff = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.once('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Which (detector, seq) the broker acknowledged: what the exactly-once check holds InfluxDB against. */
export interface AckLedger {
  readonly acked: ReadonlyMap<string, ReadonlySet<number>>;
}

/**
 * A device-fleet transport that records every PUBACKed measurement's detector and seq (the fleet counts only
 * totals). The fleet never resends what a lost connection left unacknowledged, so such a message may be stored
 * without being in the ledger, never the other way round.
 */
export class AckRecordingTransport implements DeviceTransport, AckLedger {
  readonly acked = new Map<string, Set<number>>();
  ackedCount = 0;

  constructor(private readonly inner: DeviceTransport) {}

  create(spec: ConnectionSpec, events: ConnectionEvents): DeviceConnection {
    const connection = this.inner.create(spec, events);
    const record = (message: WireMessage): void => {
      const parsed = parseTopic(message.topic);
      if (parsed?.kind !== 'measurement') return;
      const seq = (JSON.parse(message.payload) as { seq: number }).seq;
      const seen = this.acked.get(parsed.deviceId) ?? new Set<number>();
      this.acked.set(parsed.deviceId, seen);
      if (!seen.has(seq)) this.ackedCount += 1;
      seen.add(seq);
    };
    return {
      get connected() {
        return connection.connected;
      },
      connect: () => connection.connect(),
      publish: (message: WireMessage, done?: PublishDone) =>
        connection.publish(message, (err) => {
          if (!err) record(message);
          done?.(err);
        }),
      end: (timeoutMs: number) => connection.end(timeoutMs),
      destroy: () => connection.destroy(),
    };
  }
}

/**
 * Detectors publishing measurements at QoS 1 over a few persistent-session connections (clean: false, fixed client
 * ids, reconnecting every 200 ms): mqtt.js keeps unacknowledged messages and resends them after a reconnect. Each
 * detector's `seq` counts up; `ts` is a function of seq, so every message is a distinct point.
 */
export class DetectorLoad implements AckLedger {
  readonly acked = new Map<string, Set<number>>();
  sent = 0;
  ackedCount = 0;
  /** Publishes mqtt.js failed and this load sent again (see send()). */
  republished = 0;
  private closing = false;
  private readonly clients: MqttClient[] = [];
  private readonly seqs: number[];
  private timer: NodeJS.Timeout | undefined;
  private readonly t0 = Date.now() - 3_600_000;

  constructor(
    private readonly url: string,
    readonly detectorIds: readonly string[],
    private readonly connections = 4,
  ) {
    this.seqs = detectorIds.map(() => 0);
    for (const id of detectorIds) this.acked.set(id, new Set());
  }

  async connect(prefix: string): Promise<void> {
    for (let i = 0; i < this.connections; i++) {
      const client = mqtt.connect(this.url, { clientId: `${prefix}-${i}`, clean: false, reconnectPeriod: 200, connectTimeout: 2000, protocolVersion: 4 });
      client.on('error', () => undefined);
      this.clients.push(client);
    }
    await waitFor(() => this.clients.every((c) => c.connected), { timeoutMs: 10_000, what: 'load connections' });
  }

  /** Publishes `ratePerS` messages a second, round-robin over the detectors, until stop(). */
  run(ratePerS: number): void {
    const started = Date.now();
    let next = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * ratePerS) - this.sent;
      for (let i = 0; i < due; i++) {
        const d = next;
        next = (next + 1) % this.detectorIds.length;
        this.publish(d);
      }
    }, 10);
  }

  stopPublishing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async waitForAllAcks(timeoutMs: number): Promise<void> {
    const before = this.ackedCount;
    await waitFor(() => this.ackedCount >= this.sent, { timeoutMs, what: 'PUBACKs' }).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${before} → ${this.ackedCount} of ${this.sent} acknowledged, ${this.republished} republished; connections: ${JSON.stringify(this.connectionStates())}`);
    });
  }

  /** Per connection: up or not, messages queued while offline and messages awaiting their PUBACK. */
  connectionStates(): Array<{ connected: boolean; queued: number; inFlight: number }> {
    return this.clients.map((c) => ({ connected: c.connected, queued: c.queue.length, inFlight: Object.keys(c.outgoing).length }));
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stopPublishing();
    await Promise.all(this.clients.map((c) => c.endAsync(true)));
  }

  private publish(d: number): void {
    const detectorId = this.detectorIds[d] as string;
    const seq = this.seqs[d] as number;
    this.seqs[d] = seq + 1;
    const payload = JSON.stringify({ ts: this.t0 + seq * 100, seq, intervalS: 1, volume: seq % 5, occupancyPct: (seq % 40) + 0.5, speedKph: 45, health: 'ok' });
    this.sent += 1;
    this.send(this.clients[d % this.clients.length] as MqttClient, detectorId, seq, payload);
  }

  /**
   * Until it is acknowledged, as a device would: mqtt.js fails a publish it had queued behind the resending of its
   * session's messages when the connection drops again meanwhile ('Connection closed'), and never resends it itself.
   */
  private send(client: MqttClient, detectorId: string, seq: number, payload: string): void {
    client.publish(buildTopic('measurement', detectorId), payload, { qos: 1 }, (err) => {
      if (err) {
        this.republished += 1;
        if (!this.closing) setTimeout(() => this.send(client, detectorId, seq, payload), 200);
        return;
      }
      const seen = this.acked.get(detectorId) as Set<number>;
      if (!seen.has(seq)) this.ackedCount += 1;
      seen.add(seq);
    });
  }
}

export interface StoredCheck {
  acknowledged: number;
  stored: number;
  missing: string[];
  duplicated: string[];
}

/** Every acknowledged (detector, seq) in InfluxDB, each exactly once; what is missing or repeated, by name. */
export async function checkStoredOnce(influx: InfluxServer, db: string, load: AckLedger): Promise<StoredCheck> {
  const body = await influx.query('SELECT "seq" FROM "detector_measurement" GROUP BY "detectorId"', db);
  const stored = new Map<string, number[]>();
  for (const series of body.results?.[0]?.series ?? []) {
    const id = (series.tags as Record<string, string> | undefined)?.detectorId ?? '';
    stored.set(id, (series.values ?? []).map((row) => Number(row[1])));
  }
  const missing: string[] = [];
  const duplicated: string[] = [];
  let acknowledged = 0;
  let total = 0;
  for (const [id, seqs] of stored) {
    // Only this ledger's detectors: other devices (a simulator's, a fleet's) may share the database.
    if (!load.acked.has(id)) continue;
    total += seqs.length;
    const counts = new Map<number, number>();
    for (const seq of seqs) counts.set(seq, (counts.get(seq) ?? 0) + 1);
    for (const [seq, count] of counts) if (count > 1) duplicated.push(`${id}#${seq}×${count}`);
  }
  for (const [id, seqs] of load.acked) {
    acknowledged += seqs.size;
    const have = new Set(stored.get(id) ?? []);
    for (const seq of seqs) if (!have.has(seq)) missing.push(`${id}#${seq}`);
  }
  return { acknowledged, stored: total, missing: missing.slice(0, 20), duplicated: duplicated.slice(0, 20) };
}

/**
 * Waits (at most `timeoutMs`) until InfluxDB holds at least as many measurement points as were acknowledged; gives up
 * quietly, so the exact check after it names what is missing.
 */
export async function waitForStored(influx: InfluxServer, db: string, load: DetectorLoad, timeoutMs: number): Promise<void> {
  await waitFor(
    async () => {
      const count = Number((await influx.scalar('SELECT count("seq") FROM "detector_measurement"', db)) ?? 0);
      return count >= load.ackedCount;
    },
    { timeoutMs, intervalMs: 250, what: 'acknowledged points in InfluxDB' },
  ).catch(() => undefined);
}

/** What a fault suite runs in: a private folder and InfluxDB, plus the processor child and load the test starts. */
export interface FaultScene {
  readonly dir: string;
  readonly influx: InfluxServer;
  processor?: ProcessorChild;
  load?: DetectorLoad;
}

/** Sets the scene up before the suite and tears down whatever the test started after it. */
export function useFaultScene(name: string): FaultScene {
  const scene = {} as { dir: string; influx: InfluxServer; processor?: ProcessorChild; load?: DetectorLoad };
  beforeAll(async () => {
    scene.dir = fs.mkdtempSync(path.join(os.tmpdir(), `arterial-fault-${name}-`));
    scene.influx = new InfluxServer();
    await scene.influx.start();
  }, 30_000);
  afterAll(async () => {
    await scene.load?.close();
    await scene.processor?.stop();
    await scene.influx?.dispose();
    if (scene.dir) fs.rmSync(scene.dir, { recursive: true, force: true });
  }, 30_000);
  return scene;
}

