/**
 * Streams a recording file (NDJSON, gunzipped when the name ends in `.gz`) as device messages, one line at a time,
 * so memory stays flat whatever the file's size. Bad lines are counted and reported, never thrown.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { decodeRecordingLine, type RecordedMessage } from './recording-line.codec';

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

/** Messages of the file in file order; `onBadLine` hears about every line that is skipped. */
export async function* readRecording(file: string, onBadLine: (bad: BadLine) => void, stats: RecordingReadStats = { lines: 0, badLines: 0, bytesRead: 0 }): AsyncGenerator<RecordedMessage> {
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const input = isGzipPath(file) ? raw.pipe(createGunzip()) : raw;
  // A corrupt gzip stream fails the read loop below with the zlib error; the raw stream's errors (missing file) too.
  if (input !== raw) raw.on('error', (err) => input.destroy(err));
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      stats.lines += 1;
      stats.bytesRead = raw.bytesRead;
      const result = decodeRecordingLine(text);
      if (result.ok) {
        yield result.message;
      } else {
        stats.badLines += 1;
        onBadLine({ file, lineNumber, error: result.error });
      }
    }
  } finally {
    lines.close();
    raw.destroy();
  }
}

/** The first message of the file, or undefined when it has none (replay starts its clock there). */
export async function firstRecordedMessage(file: string): Promise<RecordedMessage | undefined> {
  for await (const message of readRecording(file, () => undefined)) return message;
  return undefined;
}
