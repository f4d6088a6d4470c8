/**
 * Export against a private influxd 1.x: measurements, controller status and plan acks written through the store come
 * back from `npm run export` as a gzipped recording, in time order and whole; that recording replays into a separate
 * InfluxDB database (`--out-db`), which then holds the replay's link estimates and KPIs; and replaying the range
 * straight from InfluxDB (`--from --to`, no file) gives the same results as replaying its export.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InfluxTimeSeriesStore, measurement, readRecording, suiteBaseTime, type RecordedMessage, type TimeSeriesRecord } from '@arterial/processor';
import { InfluxServer } from '../support/influx-server';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '..', '..');
const EXPORT_CLI = path.join(ROOT, 'services', 'processor', 'dist', 'replay', 'export.cli.js');
const REPLAY_CLI = path.join(ROOT, 'services', 'processor', 'dist', 'replay', 'replay.cli.js');
const DETECTORS = ['XA-A1-E-A', 'XA-A1-E-S', 'XA-A1-N-A', 'XA-A1-N-S'];
const DB = 'arterial_export';

function run(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ last: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ last: stdout.trim().split('\n').pop() ?? '', stderr }) : reject(new Error(`${path.basename(script)} exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}

describe('export', () => {
  const server = new InfluxServer();
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const base = suiteBaseTime();
  const records: TimeSeriesRecord[] = [];
  for (let t = base + 10_000; t <= base + 20 * 60_000; t += 10_000) {
    DETECTORS.forEach((id, i) => records.push(measurement(id, t, { seq: t / 10_000, volume: 2 + i, occupancyPct: 8 + i, speedKph: 40 + i })));
  }
  const status: TimeSeriesRecord = { kind: 'controller-status', intersectionId: 'XA-A1', payload: { ts: base + 65_000, online: true, firmware: 'tsc 2.1', faults: [] } };
  const ack: TimeSeriesRecord = { kind: 'plan-ack', intersectionId: 'XA-A1', payload: { planId: 'p-7', accepted: true }, receivedAt: base + 125_000 };

  beforeAll(async () => {
    await server.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-export-'));
    env = { INFLUX_URL: server.url, INFLUX_DB: DB, INFLUX_API: 'v1', SPOOL_DIR: path.join(dir, 'spool') };
    const store = new InfluxTimeSeriesStore({ url: server.url, db: DB, api: 'v1', spoolDir: path.join(dir, 'writer-spool'), spoolMaxBytes: 64 << 20, batching: { flushIntervalMs: 50 } });
    await store.init();
    await store.schemaReady();
    store.write([...records, status, ack]);
    await store.flush();
    await store.close();
  });

  afterAll(async () => {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes what InfluxDB holds for the range as a gzipped recording, in time order, then replays it into another database', async () => {
    const out = path.join(dir, 'day.ndjson.gz');
    const { last, stderr } = await run(EXPORT_CLI, ['--from', new Date(base).toISOString(), '--to', String(base + 30 * 60_000), '--out', out], env);

    const expectedCount = records.length + 2;
    expect(JSON.parse(last)).toEqual({ lines: expectedCount, from: base, to: base + 30 * 60_000, out });
    expect(stderr).toMatch(/export: 100% /);
    const back: RecordedMessage[] = [];
    for await (const m of readRecording(out, (bad) => back.push({ topic: `bad ${bad.error}`, receivedAt: 0, payload: '' }))) back.push(m);
    expect(back).toHaveLength(expectedCount);
    expect(back.map((m) => m.receivedAt)).toEqual([...back.map((m) => m.receivedAt)].sort((a, b) => a - b));
    expect(back[0]).toEqual({ topic: 'arterial/v1/detectors/XA-A1-E-A/measurement', receivedAt: base + 10_000, payload: JSON.stringify((records[0] as Extract<TimeSeriesRecord, { kind: 'measurement' }>).payload) });
    expect(back).toContainEqual({ topic: 'arterial/v1/controllers/XA-A1/status', receivedAt: base + 65_000, payload: JSON.stringify(status.kind === 'controller-status' && status.payload) });
    expect(back).toContainEqual({ topic: 'arterial/v1/controllers/XA-A1/plan/ack', receivedAt: base + 125_000, payload: JSON.stringify({ planId: 'p-7', accepted: true }) });

    // A shorter range leaves the rest out.
    const part = path.join(dir, 'part.ndjson');
    const partial = JSON.parse((await run(EXPORT_CLI, ['--from', String(base), '--to', String(base + 60_000), '--out', part], env)).last) as { lines: number };
    expect(partial.lines).toBe(DETECTORS.length * 5);

    const replayed = JSON.parse((await run(REPLAY_CLI, ['--in', out], env)).last) as { accepted: number; outputs: Record<string, number>; out: string };
    expect(replayed.accepted).toBe(expectedCount);
    expect(replayed.out).toBe(`influx:${DB}_replay`);
    expect(replayed.outputs.kpi).toBeGreaterThan(15);
    expect(await server.scalar(`SELECT count("delayVehH") FROM "kpi"`, `${DB}_replay`)).toBe(replayed.outputs.kpi);
    expect(await server.scalar(`SELECT count("volume") FROM "detector_measurement"`, `${DB}_replay`)).toBeUndefined();

    // Replaying the range straight from InfluxDB gives the same results as replaying its export.
    const range = ['--from', String(base), '--to', String(base + 30 * 60_000)];
    await run(REPLAY_CLI, ['--in', out, ...range, '--out-dir', path.join(dir, 'from-file')], env);
    const fromDb = JSON.parse((await run(REPLAY_CLI, [...range, '--out-dir', path.join(dir, 'from-db')], env)).last) as { in: string; accepted: number };
    expect(fromDb).toMatchObject({ in: `influx:${DB}`, accepted: expectedCount });
    const files = fs.readdirSync(path.join(dir, 'from-file')).sort();
    expect(fs.readdirSync(path.join(dir, 'from-db')).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['kpi.ndjson', 'link-estimate.ndjson']));
    for (const name of files) expect({ name, text: fs.readFileSync(path.join(dir, 'from-db', name), 'utf8') }).toEqual({ name, text: fs.readFileSync(path.join(dir, 'from-file', name), 'utf8') });
  });
});
