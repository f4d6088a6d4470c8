import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError, parseLine, readMeasurementGrid } from './measurement-grid.reader';

const T0 = Date.UTC(2025, 0, 6);
const line = (detectorId: string, step: number, volume: number | null, intervalS = 300, speedKph?: number | null): string =>
  JSON.stringify({ detectorId, ts: T0 + step * intervalS * 1000, intervalS, volume, occupancyPct: 5, ...(speedKph === undefined ? {} : { speedKph }) });

describe(readMeasurementGrid.name, () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grid-reader-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, lines: string[], gzip = false): string => {
    const file = path.join(dir, name);
    const text = `${lines.join('\n')}\n`;
    fs.writeFileSync(file, gzip ? gzipSync(text) : text);
    return file;
  };

  it('builds the grid from unsorted lines with gaps, nulls and junk', async () => {
    const file = write('unsorted.ndjson', [
      line('B', 3, 7),
      line('A', 0, 1),
      'not json',
      line('A', 3, 4),
      line('B', 0, null),
      '{"ts":1}',
      line('A', 1, 2),
      line('A', 1, 9),
    ]);
    const { grid, report } = await readMeasurementGrid(file, 'volume');
    expect(grid.detectorIds).toEqual(['A', 'B']);
    expect(grid.stepMs).toBe(300_000);
    expect(grid.startMs).toBe(T0);
    expect(grid.steps).toBe(4);
    // Rows t = 0..3, columns A, B; the duplicate of A at step 1 wins last; step 2 is a gap.
    expect(Array.from(grid.values)).toEqual([1, NaN, 9, NaN, NaN, NaN, 4, 7]);
    expect(report).toMatchObject({ lines: 8, malformed: 2, duplicates: 1, missingTarget: 1, otherInterval: 0 });
    expect(report.completeness).toBeCloseTo(4 / 8);
  });

  it('reads gzip by its content and any target field, null meaning missing', async () => {
    const file = write('speeds.data', [line('A', 0, 1, 60, 40), line('A', 1, 1, 60, null), line('A', 2, 1, 60)], true);
    const { grid } = await readMeasurementGrid(file, 'speedKph');
    expect(grid.stepMs).toBe(60_000);
    expect(Array.from(grid.values)).toEqual([40, NaN, NaN]);
  });

  it('rejects detectors on different intervals', async () => {
    const file = write('mixed.ndjson', [line('A', 0, 1, 300), line('A', 1, 1, 300), line('B', 0, 1, 60), line('B', 1, 1, 60)]);
    await expect(readMeasurementGrid(file, 'volume')).rejects.toThrow(/different intervals: 300 s \(2 lines\), 60 s \(2 lines\)/);
  });

  it('drops a stray line on another interval when nearly all share one', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => line('A', i, i));
    lines.push(line('B', 0, 5, 60));
    const { grid, report } = await readMeasurementGrid(write('stray.ndjson', lines), 'volume');
    expect(report.otherInterval).toBe(1);
    expect(grid.detectorIds).toEqual(['A', 'B']);
    expect(grid.steps).toBe(200);
  });

  it('infers the step from time stamps when lines carry no interval', async () => {
    const lines = [0, 2, 5].map((step) => JSON.stringify({ detectorId: 'A', ts: new Date(T0 + step * 120_000).toISOString(), volume: step }));
    const { grid, report } = await readMeasurementGrid(write('no-interval.ndjson', lines), 'volume');
    expect(report.stepFrom).toBe('timestamps');
    expect(grid.stepMs).toBe(120_000);
    expect(Array.from(grid.values)).toEqual([0, NaN, 2, NaN, NaN, 5]);
  });

  it('says clearly when the file is missing or holds no measurements', async () => {
    await expect(readMeasurementGrid(path.join(dir, 'absent.ndjson'), 'volume')).rejects.toThrow(InputError);
    await expect(readMeasurementGrid(write('empty.ndjson', ['', 'x']), 'volume')).rejects.toThrow(/no detector measurements/);
  });
});

describe(parseLine.name, () => {
  it('accepts numeric detector ids and ISO time stamps, and refuses lines without a time', () => {
    expect(parseLine('{"detectorId":717,"ts":"2025-01-06T00:00:00Z","volume":3}', 'volume')).toEqual({ detectorId: '717', ts: T0, intervalS: undefined, value: 3 });
    expect(parseLine('{"detectorId":"A","volume":3}', 'volume')).toBeUndefined();
  });
});
