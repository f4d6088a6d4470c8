/**
 * Streams a recording file (NDJSON, gunzipped when the name ends in `.gz`) as device messages, a chunk of lines at a
 * time, so memory stays flat whatever the file's size. Bad lines are counted and reported, never thrown.
 */
import * as fs from 'node:fs';
import { createGunzip } from 'node:zlib';
import { decodeRecordingLine, parseRecordingLine, type ParsedRecordedMessage, type RecordedMessage } from './recording-line.codec';

export interface BadLine {
  file: string;
  lineNumber: number;
  error: string;
}

export interface RecordingReadStats {
  lines: number;
  badLines: number;
  /** Bytes of the file read so far (compressed bytes for .gz), for progress. */
  bytesRead: number;
}

export function isGzipPath(file: string): boolean {
  return file.endsWith('.gz');
}

/** Line breaks as readline knows them: \n, \r\n, and a lone \r. */
const LINE_BREAK = /\r?\n|\r(?!\n)/;

/**
 * The file's lines, one array per chunk read: a per-line async iteration (readline's, then a generator's) cost a
 * promise and a microtask per line, a large share of replay's time.
 */
async function* lineChunks(file: string, onBytesRead: (bytes: number) => void): AsyncGenerator<string[]> {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const input = isGzipPath(file) ? raw.pipe(createGunzip()) : raw;
  // A corrupt gzip stream fails the read loop below with the zlib error; the raw stream's errors (missing file) too.
  if (input !== raw) raw.on('error', (err) => input.destroy(err));
  input.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      const text = rest + chunk;
      // up to the last \n only: a \r at the end may be the first half of a \r\n
      const end = text.lastIndexOf('\n');
      if (end < 0) {
        rest = text;
        continue;
      }
      rest = text.slice(end + 1);
      const lines = text.slice(0, end + 1).split(LINE_BREAK);
      lines.pop(); // the empty text after the last break
      onBytesRead(raw.bytesRead);
      yield lines;
    }
    onBytesRead(raw.bytesRead);
    if (rest !== '') {
      const lines = rest.split(LINE_BREAK);
      // text ending in a lone \r: no line after it
      if (lines[lines.length - 1] === '') lines.pop();
      yield lines;
    }
  } finally {
    raw.destroy();
  }
}

/**
 * The file's messages a chunk of lines at a time, each chunk decoding its lines only as it is iterated: decoded all at
 * once, a chunk's thousands of messages lived through collections of the young generation, which made them costly.
 */
async function* decodedChunks<M>(
  file: string,
  decode: (text: string) => { ok: true; message: M } | { ok: false; error: string },
  onBadLine: (bad: BadLine) => void,
  stats: RecordingReadStats,
): AsyncGenerator<Iterable<M>> {
  let lineNumber = 0;
  function* decodeLines(lines: readonly string[]): Generator<M> {
    for (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      stats.lines += 1;
      const result = decode(text);
      if (result.ok) {
        yield result.message;
      } else {
        stats.badLines += 1;
        onBadLine({ file, lineNumber, error: result.error });
      }
    }
  }
  for await (const lines of lineChunks(file, (bytes) => (stats.bytesRead = bytes))) yield decodeLines(lines);
}

/** Messages of the file in file order; `onBadLine` hears about every line that is skipped. */
export async function* readRecording(file: string, onBadLine: (bad: BadLine) => void, stats: RecordingReadStats = { lines: 0, badLines: 0, bytesRead: 0 }): AsyncGenerator<RecordedMessage> {
  for await (const messages of decodedChunks(file, decodeRecordingLine, onBadLine, stats)) yield* messages;
}

/**
 * Replay's read: the messages of the file in file order, payloads parsed, in chunks of lines. Iterate each chunk once,
 * before the next: its lines are decoded (and bad ones reported) as it is iterated.
 */
export function readParsedRecording(file: string, onBadLine: (bad: BadLine) => void, stats: RecordingReadStats = { lines: 0, badLines: 0, bytesRead: 0 }): AsyncGenerator<Iterable<ParsedRecordedMessage>> {
  return decodedChunks(file, parseRecordingLine, onBadLine, stats);
}

/** The first message of the file, or undefined when it has none (replay starts its clock there). */
export async function firstRecordedMessage(file: string): Promise<RecordedMessage | undefined> {
  for await (const message of readRecording(file, () => undefined)) return message;
  return undefined;
}
