/**
 * The WAL's files in its directory: segments named by the sequence number (LSN) of their first record,
 * `<16 digits>.wal`, and `checkpoint`, the LSN of the last record known stored. Writes that must survive a
 * power cut go through a temporary file, fsync, rename and a directory fsync.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeWalRecord, type WalMessage } from './wal-record';

const SEGMENT = /^(\d{16})\.wal$/;
const CHECKPOINT = 'checkpoint';

export function segmentFile(dir: string, firstLsn: number): string {
  return path.join(dir, `${String(firstLsn).padStart(16, '0')}.wal`);
}

/** First LSNs of the segments in `dir`, ascending. */
export function listSegments(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((name) => SEGMENT.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** Makes a directory entry change (a new, renamed or deleted file) durable. */
export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** 0 when no checkpoint was ever written. */
export function readCheckpoint(dir: string): number {
  const file = path.join(dir, CHECKPOINT);
  if (!fs.existsSync(file)) return 0;
  const value = Number(fs.readFileSync(file, 'utf8').trim());
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`WAL checkpoint ${file} is unreadable`);
  return value;
}

export function writeCheckpoint(dir: string, lsn: number): void {
  const file = path.join(dir, CHECKPOINT);
  const fd = fs.openSync(`${file}.tmp`, 'w');
  try {
    fs.writeSync(fd, `${lsn}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(`${file}.tmp`, file);
  fsyncDir(dir);
}

export interface SegmentScan {
  records: WalMessage[];
  /** Bytes of whole, intact records from the start; anything after is a torn or corrupt tail. */
  validBytes: number;
  totalBytes: number;
}

/** Every intact record of a segment, in order, stopping at the first torn or corrupt frame. */
export function scanSegment(file: string): SegmentScan {
  const bytes = fs.readFileSync(file);
  const records: WalMessage[] = [];
  let offset = 0;
  for (let record = decodeWalRecord(bytes, 0); record; record = decodeWalRecord(bytes, offset)) {
    records.push(record.message);
    offset = record.end;
  }
  return { records, validBytes: offset, totalBytes: bytes.length };
}
