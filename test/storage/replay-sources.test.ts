/**
 * Replay runs beside the recorded history, against a private influxd 1.x: the store lists the databases
 * `<db>_replay…` (and nothing else), and reads a run's link estimates from its database, read only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InfluxTimeSeriesStore, linkEstimate, suiteBaseTime } from '@arterial/processor';
import { InfluxServer } from '../support/influx-server';

jest.setTimeout(60_000);
const server = new InfluxServer();
const DB = 'arterial_rs';
const RUNS = [`${DB}_replay`, `${DB}_replay_what_if`];
let spoolDir: string;
const stores: InfluxTimeSeriesStore[] = [];

function openStore(db: string): InfluxTimeSeriesStore {
  const store = new InfluxTimeSeriesStore({ url: server.url, db, api: 'v1', spoolDir: path.join(spoolDir, db), spoolMaxBytes: 1024 * 1024, batching: { flushIntervalMs: 50 } });
  stores.push(store);
  return store;
}

beforeAll(async () => {
  await server.start();
  spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-replay-sources-'));
});

afterAll(async () => {
  for (const store of stores) await store.close();
  await server.dispose();
  fs.rmSync(spoolDir, { recursive: true, force: true });
});

describe('InfluxTimeSeriesStore replay sources', () => {
  it("lists the runs' databases, and reads a run's link estimates from it without touching the recorded history", async () => {
    const base = suiteBaseTime();
    const sut = openStore(DB);
    await sut.init();
    await sut.schemaReady();
    sut.write([{ kind: 'link-estimate', ts: base + 60_000, estimate: linkEstimate('l1', 40, 'basically-smooth', 600) }]);
    await sut.flush();
    expect(await sut.replaySources()).toEqual([]);

    const run = openStore(RUNS[0]!);
    await run.init();
    await run.schemaReady();
    run.write([{ kind: 'link-estimate', ts: base + 60_000, estimate: linkEstimate('l1', 10, 'seriously-congested', 900) }]);
    await run.flush();
    await server.query(`CREATE DATABASE "${RUNS[1]}"`);
    await server.query('CREATE DATABASE "other_replay"');

    expect(await sut.replaySources()).toEqual(RUNS);
    expect(await sut.replaySource('other_replay')).toBeUndefined();
    expect(await sut.replaySource(DB)).toBeUndefined();

    const range = { fromMs: base, toMs: base + 300_000 };
    const view = await sut.replaySource(RUNS[0]!);
    expect((await view?.allLinkEstimateSeries(range, 300))?.map((s) => s.points.map((p) => p.level))).toEqual([['seriously-congested']]);
    expect((await sut.allLinkEstimateSeries(range, 300)).map((s) => s.points.map((p) => p.level))).toEqual([['basically-smooth']]);
    expect(await (await sut.replaySource(RUNS[1]!))?.allLinkEstimateSeries(range, 300)).toEqual([]);
  });
});
