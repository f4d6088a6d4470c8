/**
 * InfluxDB goes away under a steady write load and comes back: every record must be stored exactly once,
 * by way of the disk spool. And a spool left by one process is drained by the next.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InfluxTimeSeriesStore, measurement, suiteBaseTime, type StoreHealth } from '@arterial/processor';
import { InfluxServer } from '../support/influx-server';

jest.setTimeout(90_000);

const OUTAGE_MS = 30_000;
const DETECTORS = ['d1', 'd2'];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe(`${InfluxTimeSeriesStore.name} during an InfluxDB outage`, () => {
  const server = new InfluxServer();
  const spoolDirs: string[] = [];
  const stores: InfluxTimeSeriesStore[] = [];

  function openStore(db: string, spoolDir: string): InfluxTimeSeriesStore {
    const store = new InfluxTimeSeriesStore({
      url: server.url,
      db,
      api: 'v1',
      spoolDir,
      spoolMaxBytes: 64 * 1024 * 1024,
      requestTimeoutMs: 2000,
      batching: { flushIntervalMs: 100, batchSize: 500, quickRetries: 1, backoffBaseMs: 100, backoffMaxMs: 1000 },
      initRetry: { baseMs: 200, maxMs: 1000 },
    });
    stores.push(store);
    return store;
  }

  function tempSpool(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-spool-'));
    spoolDirs.push(dir);
    return dir;
  }

  async function countsBySeq(db: string, detectorId: string): Promise<{ points: unknown; distinctSeq: unknown; maxSeq: unknown }> {
    const where = `WHERE "detectorId" = '${detectorId}'`;
    return {
      points: await server.scalar(`SELECT count("seq") FROM "detector_measurement" ${where}`, db),
      distinctSeq: await server.scalar(`SELECT count(distinct("seq")) FROM "detector_measurement" ${where}`, db),
      maxSeq: await server.scalar(`SELECT max("seq") FROM "detector_measurement" ${where}`, db),
    };
  }

  beforeAll(async () => {
    await server.start();
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    await server.dispose();
    for (const dir of spoolDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`stores every record exactly once across a ${OUTAGE_MS / 1000} s outage, through the spool`, async () => {
    const db = 'arterial_outage';
    const spoolDir = tempSpool();
    const sut = openStore(db, spoolDir);
    await sut.init();
    await sut.schemaReady();
    const base = suiteBaseTime();
    let seq = 0;
    const writer = setInterval(() => {
      sut.write(DETECTORS.map((id) => measurement(id, base + seq * 1000, { seq, volume: seq % 7 })));
      seq++;
    }, 20);

    try {
      await sleep(3000);
      await server.stop();
      await sleep(OUTAGE_MS / 2);
      const flushStarted = performance.now();
      await sut.flush(); // resolves once spooled: the database is away
      const flushMs = performance.now() - flushStarted;
      const during: StoreHealth = sut.health();
      await sleep(OUTAGE_MS / 2);
      await server.start();
      await sleep(3000);
      clearInterval(writer);
      await sut.flush();

      expect(flushMs).toBeLessThan(5000);
      expect(during.reachable).toBe(false);
      expect(during.spool.records).toBeGreaterThan(0);
      expect(during.pendingRecords).toBeGreaterThanOrEqual(during.spool.records);
      const after = sut.health();
      expect(after).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, droppedRecords: 0, rejectedRecords: 0 }));
      expect(after.spool).toEqual(expect.objectContaining({ records: 0, bytes: 0 }));
      expect(fs.readdirSync(path.join(spoolDir, 'pending'))).toEqual([]);
      expect(seq).toBeGreaterThan(1000);
      for (const id of DETECTORS) {
        expect(await countsBySeq(db, id)).toEqual({ points: seq, distinctSeq: seq, maxSeq: seq - 1 });
      }
    } finally {
      clearInterval(writer);
      if (!server.running) await server.start();
    }
  });

  it('drains a spool left by an earlier process on the next start', async () => {
    const db = 'arterial_restart';
    const spoolDir = tempSpool();
    const base = suiteBaseTime();
    await server.stop();

    const first = openStore(db, spoolDir);
    await first.init(); // resolves although the database is down
    first.write(Array.from({ length: 300 }, (_, i) => measurement('d9', base + i * 1000, { seq: i })));
    await first.flush();
    const spooled = first.health();
    await first.close();

    await server.start();
    const second = openStore(db, spoolDir);
    await second.init();
    await second.flush();

    expect(spooled).toEqual(expect.objectContaining({ reachable: false, pendingRecords: 300 }));
    expect(spooled.spool.records).toBe(300);
    expect(second.health()).toEqual(expect.objectContaining({ reachable: true, pendingRecords: 0, written: 300 }));
    expect(await countsBySeq(db, 'd9')).toEqual({ points: 300, distinctSeq: 300, maxSeq: 299 });
  });
});
