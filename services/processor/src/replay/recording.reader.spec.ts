import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { gzipSync } from 'node:zlib';
import { decodeRecordingLine } from './recording-line.codec';
import { readParsedRecording, readRecording, type BadLine } from './recording.reader';

describe('recording reader', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recording-reader-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const line = (i: number) => JSON.stringify({ detectorId: `D-${i % 5}`, ts: 1_000_000 + i, seq: i, note: 'é€'.repeat(i % 3) });

  /** What the reader gave before it split lines itself: readline's lines, decoded one by one. */
  async function viaReadline(file: string) {
    const messages = [];
    const badLines = [];
    let n = 0;
    for await (const text of readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity })) {
      n += 1;
      if (text.trim() === '') continue;
      const result = decodeRecordingLine(text);
      if (result.ok) messages.push(result.message);
      else badLines.push(n);
    }
    return { messages, badLines };
  }

  async function readBoth(file: string) {
    const bad: BadLine[] = [];
    const texts = [];
    for await (const m of readRecording(file, (b) => bad.push(b))) texts.push(m);
    const parsedBad: BadLine[] = [];
    const parsed = [];
    for await (const batch of readParsedRecording(file, (b) => parsedBad.push(b))) parsed.push(...batch);
    expect(parsed.map((m) => ({ topic: m.topic, receivedAt: m.receivedAt, payload: JSON.stringify(m.value) }))).toEqual(texts);
    expect(parsedBad).toEqual(bad);
    return { texts, bad };
  }

  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['a lone \\r', '\r'],
  ])('splits lines at %s as readline does, across chunks of the file, plain and gzipped', async (_what, lineBreak) => {
    // over 2 MiB, so line breaks (and a \r\n) fall across the reader's 1 MiB chunks
    const lines = Array.from({ length: 30_000 }, (_, i) => line(i));
    const text = lines.join(lineBreak) + lineBreak;
    for (const [name, bytes] of [
      ['r.ndjson', Buffer.from(text)],
      ['r.ndjson.gz', gzipSync(text)],
    ] as const) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const { texts, bad } = await readBoth(file);
      expect(bad).toEqual([]);
      expect(texts.map((m) => m.receivedAt)).toEqual(lines.map((_, i) => 1_000_000 + i));
      if (name === 'r.ndjson') expect(texts).toEqual((await viaReadline(file)).messages);
    }
  });

  it('numbers lines as readline does around blank lines, bad lines and a last line without a break', async () => {
    const file = path.join(dir, 'mixed.ndjson');
    fs.writeFileSync(file, [line(1), '', 'garbage\r', line(2), '  ', '{"topic":"t"}\r\n' + line(3)].join('\n'));
    const { texts, bad } = await readBoth(file);
    expect(texts.map((m) => m.receivedAt)).toEqual([1_000_001, 1_000_002, 1_000_003]);
    expect(bad.map((b) => b.lineNumber)).toEqual([3, 6]);
    expect({ messages: texts, badLines: bad.map((b) => b.lineNumber) }).toEqual(await viaReadline(file));
  });
});
