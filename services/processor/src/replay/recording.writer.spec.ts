import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readRecording, type BadLine } from './recording.reader';
import { RecordingWriter } from './recording.writer';

describe(RecordingWriter.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recording-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lines = Array.from({ length: 2500 }, (_, i) => ({ topic: `arterial/v1/detectors/D-${i % 7}/measurement`, receivedAt: 1_000_000 + i, payload: { ts: 1_000_000 + i, seq: i } }));

  async function write(file: string): Promise<void> {
    const sut = new RecordingWriter(file);
    for (const line of lines) await sut.write(line);
    expect(sut.lines).toBe(lines.length);
    await sut.close();
  }

  async function readAll(file: string, bad: BadLine[] = []) {
    const out = [];
    for await (const m of readRecording(file, (b) => bad.push(b))) out.push(m);
    return out;
  }

  it.each(['rec.ndjson', 'rec.ndjson.gz'])('writes %s that the reader gives back line for line', async (name) => {
    const file = path.join(dir, name);
    await write(file);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const back = await readAll(file);
    expect(back).toEqual(lines.map((l) => ({ topic: l.topic, receivedAt: l.receivedAt, payload: JSON.stringify(l.payload) })));
  });

  it('gzips a .gz file and leaves a plain file plain', async () => {
    await write(path.join(dir, 'a.ndjson.gz'));
    await write(path.join(dir, 'a.ndjson'));
    expect(gunzipSync(fs.readFileSync(path.join(dir, 'a.ndjson.gz')))).toEqual(fs.readFileSync(path.join(dir, 'a.ndjson')));
  });

  it('skips and reports bad lines with their number, and reads on past them', async () => {
    const file = path.join(dir, 'mixed.ndjson');
    fs.writeFileSync(file, ['{"detectorId":"D-1","ts":10,"seq":0}', 'garbage', '', '{"topic":"t"}', '{"detectorId":"D-2","ts":20,"seq":0}'].join('\n'));
    const bad: BadLine[] = [];
    const back = await readAll(file, bad);
    expect(back.map((m) => m.receivedAt)).toEqual([10, 20]);
    expect(bad.map((b) => b.lineNumber)).toEqual([2, 4]);
    expect(bad[0]?.error).toMatch(/not JSON/);
  });

  it('fails the read with the zlib error on a corrupt gzip file rather than hanging', async () => {
    const file = path.join(dir, 'broken.ndjson.gz');
    fs.writeFileSync(file, Buffer.from('this is not gzip'));
    await expect(readAll(file)).rejects.toThrow(/incorrect header|invalid/i);
  });

  it('abort leaves no file behind', async () => {
    const file = path.join(dir, 'x.ndjson.gz');
    const sut = new RecordingWriter(file);
    await sut.write(lines[0] as (typeof lines)[number]);
    await sut.abort();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
