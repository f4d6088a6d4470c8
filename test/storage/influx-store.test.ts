/** The shared TimeSeriesStore suite, plus InfluxDB-specific checks, against a private influxd 1.x. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InfluxTimeSeriesStore, measurement, suiteBaseTime, timeSeriesStoreSuite } from '@arterial/processor';
import { InfluxServer } from '../support/influx-server';

jest.setTimeout(60_000);
const server = new InfluxServer();
let dbCounter = 0;

beforeAll(async () => {
  await server.start();
});

afterAll(async () => {
  await server.dispose();
});

function openStore(db: string, spoolDir: string): InfluxTimeSeriesStore {
  return new InfluxTimeSeriesStore({ url: server.url, db, api: 'v1', spoolDir, spoolMaxBytes: 64 * 1024 * 1024, batching: { flushIntervalMs: 50 } });
}

timeSeriesStoreSuite('InfluxTimeSeriesStore (influxd 1.x, v1 API)', async () => {
  const db = `arterial_suite_${++dbCounter}`;
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-spool-'));
  const store = openStore(db, spoolDir);
  await store.init();
  await store.schemaReady();
  return {
    store,
    async dispose() {
      await store.close();
      fs.rmSync(spoolDir, { recursive: true, force: true });
      await server.query(`DROP DATABASE "${db}"`);
    },
  };
});

describe(InfluxTimeSeriesStore.name, () => {
  let spoolDir: string;
  let sut: InfluxTimeSeriesStore;
  const db = 'arterial_specific';

  beforeEach(() => {
    spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-spool-'));
    sut = openStore(db, spoolDir);
  });

  afterEach(async () => {
    await sut.close();
    fs.rmSync(spoolDir, { recursive: true, force: true });
    await server.query(`DROP DATABASE "${db}"`);
  });

  it('creates the database, retention policies and the continuous query, idempotently', async () => {
    await sut.init();
    await sut.schemaReady();
    const again = openStore(db, spoolDir);
    await again.init();
    await again.schemaReady();
    await again.close();

    const policies = await server.query(`SHOW RETENTION POLICIES ON "${db}"`);
    const rows = policies.results?.[0]?.series?.[0]?.values ?? [];
    expect(rows).toEqual(
      expect.arrayContaining([
        ['raw', '168h0m0s', expect.any(String), 1, true],
        ['agg_1m', '9600h0m0s', expect.any(String), 1, false],
      ]),
    );
    const cqs = await server.query('SHOW CONTINUOUS QUERIES');
    const mine = cqs.results?.[0]?.series?.find((s) => s.name === db)?.values ?? [];
    expect(mine).toEqual([['cq_detector_measurement_1m', expect.stringContaining('agg_1m')]]);
  });

  it('reads ranges older than raw retention from the 1-minute aggregates', async () => {
    await sut.init();
    await sut.schemaReady();
    const old = Math.floor((Date.now() - 10 * 86400_000) / 3600_000) * 3600_000;
    const body = [
      `detector_measurement_1m,detectorId=d1 volume=10,occupancyPct=20,speedKph=40,samples=6i ${old}`,
      `detector_measurement_1m,detectorId=d1 volume=5,occupancyPct=10,samples=6i ${old + 60_000}`,
      `detector_measurement_1m,detectorId=d1 volume=7,occupancyPct=30,speedKph=50,samples=6i ${old + 300_000}`,
    ].join('\n');
    const res = await fetch(`${server.url}/write?db=${db}&rp=agg_1m&precision=ms`, { method: 'POST', body });
    expect(res.status).toBe(204);

    const series = await sut.detectorSeries('d1', { fromMs: old, toMs: old + 600_000 }, 300);

    expect(series).toEqual([
      { ts: old, volume: 15, occupancyPct: 15, speedKph: 40, samples: 12 },
      { ts: old + 300_000, volume: 7, occupancyPct: 30, speedKph: 50, samples: 6 },
    ]);
  });

  it('sets aside a batch the database refuses (field type conflict) instead of retrying it', async () => {
    await sut.init();
    await sut.schemaReady();
    const base = suiteBaseTime();
    const conflict = await fetch(`${server.url}/write?db=${db}&precision=ms`, { method: 'POST', body: `detector_measurement,detectorId=dx volume="text" ${base}` });
    expect(conflict.status).toBe(204);

    sut.write([measurement('dx', base + 1_000), measurement('dx', base + 2_000)]);
    await sut.flush();

    const health = sut.health();
    expect(health).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, rejectedRecords: 2 }));
    expect(health.lastError).toMatch(/field type conflict/);
    const rejected = fs.readdirSync(path.join(spoolDir, 'rejected'));
    expect(rejected).toHaveLength(1);
    const content = fs.readFileSync(path.join(spoolDir, 'rejected', rejected[0] ?? ''), 'utf8');
    expect(content.split('\n')[0]).toMatch(/^# HTTP 400: .*field type conflict/);
    expect(content).toContain('detector_measurement,detectorId=dx ');
  });

  it('measures write throughput', async () => {
    await sut.init();
    await sut.schemaReady();
    const base = suiteBaseTime();
    const n = 100_000;
    const started = performance.now();
    for (let i = 0; i < n; i += 1000) {
      const batch = [];
      for (let j = i; j < i + 1000; j++) batch.push(measurement(`t${j % 100}`, base + Math.floor(j / 100) * 1000, { seq: j }));
      sut.write(batch);
    }
    await sut.flush();
    const seconds = (performance.now() - started) / 1000;
    const count = await server.scalar(`SELECT count("seq") FROM "detector_measurement" WHERE "detectorId" =~ /^t/`, db);
    expect(count).toBe(n);
    process.stdout.write(`influxd 1.6.7 write throughput: ${n} points in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} points/s\n`);
  });
});
