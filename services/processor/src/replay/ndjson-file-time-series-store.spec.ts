import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TimeSeriesRecord } from '../storage/time-series-store';
import { NdjsonFileTimeSeriesStore } from './ndjson-file-time-series-store';
import { ResultKindsStore } from './result-kinds.store';

describe(NdjsonFileTimeSeriesStore.name, () => {
  let dir: string;
  let sut: NdjsonFileTimeSeriesStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndjson-store-'));
    sut = new NdjsonFileTimeSeriesStore(path.join(dir, 'out'));
    await sut.init();
  });
  afterEach(async () => {
    await sut.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const kpi = (ts: number): TimeSeriesRecord => ({ kind: 'kpi', kpi: { ts } as never });
  const measurement = (ts: number): TimeSeriesRecord => ({ kind: 'measurement', detectorId: 'D-1', payload: { ts, seq: 0, intervalS: 10, volume: 1, occupancyPct: 2, health: 'ok' } });

  it('writes each record as a JSON line into the file of its kind, in order', async () => {
    sut.write([kpi(1), measurement(5)]);
    sut.write([kpi(2)]);
    await sut.flush();
    expect(fs.readFileSync(sut.fileFor('kpi'), 'utf8')).toBe(`${JSON.stringify(kpi(1))}\n${JSON.stringify(kpi(2))}\n`);
    expect(fs.readFileSync(sut.fileFor('measurement'), 'utf8')).toBe(`${JSON.stringify(measurement(5))}\n`);
    expect(sut.counts()).toEqual({ kpi: 2, measurement: 1 });
    expect(sut.health().written).toBe(3);
  });

  it('writes the bytes of every line whole across many buffer fills, long lines and characters beyond ASCII included', async () => {
    // one line longer than the buffer (over 1 MiB once encoded), the rest short
    const note = (i: number) => (i === 5 ? '\u{1F600}'.repeat(300_000) : ['é€😀', 'x'.repeat(i % 97), '\ud800 lone'][i % 3]);
    const records = Array.from({ length: 20_000 }, (_, i): TimeSeriesRecord => ({ kind: 'kpi', kpi: { ts: i, note: note(i) } as never }));
    sut.write(records.slice(0, 7));
    sut.write(records.slice(7));
    await sut.close();
    const expected = Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(expected.length).toBeGreaterThan(2 << 20);
    // Buffer#equals: toEqual compares megabytes byte by byte, slowly
    expect(fs.readFileSync(sut.fileFor('kpi')).equals(expected)).toBe(true);
  });

  it('replaces what an earlier run left in the folder', async () => {
    sut.write([kpi(1), kpi(2)]);
    await sut.close();
    sut = new NdjsonFileTimeSeriesStore(path.join(dir, 'out'));
    await sut.init();
    sut.write([kpi(3)]);
    await sut.close();
    expect(fs.readFileSync(sut.fileFor('kpi'), 'utf8')).toBe(`${JSON.stringify(kpi(3))}\n`);
  });

  it('refuses queries with a clear error instead of answering nothing', async () => {
    await expect(sut.kpiSeries()).rejects.toThrow(/NDJSON files and cannot be queried/);
    await expect(sut.alerts()).rejects.toThrow(/--out-db/);
  });

  it('behind ResultKindsStore gets results only, and the counts say so', async () => {
    const results = new ResultKindsStore(sut);
    results.write([measurement(1), kpi(1), { kind: 'signal-state', intersectionId: 'I', payload: {} as never }]);
    await results.flush();
    expect(results.counts()).toEqual({ kpi: 1 });
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['kpi.ndjson']);
  });
});
