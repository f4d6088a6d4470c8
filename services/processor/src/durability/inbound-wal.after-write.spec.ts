import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { InboundWal } from './inbound-wal';
import { listSegments, segmentFile } from './wal-files';
import type { WalMessage } from './wal-record';

// A plain copy of node:fs, so a test can make one write fail (node's own exports cannot be spied on).
jest.mock('node:fs', () => ({ ...jest.requireActual<typeof fs>('node:fs') }));

const logger = pino({ level: 'silent' });

const message = (i: number): WalMessage => ({ topic: `arterial/v1/detectors/d-${i % 5}/measurement`, payload: Buffer.from(`{"seq":${i}}`), receivedAt: 1_700_000_000_000 + i });

/** What a process killed right now leaves: the folder as it is (written records are in the files), reopened elsewhere. */
function afterKill(dir: string): InboundWal {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-wal-killed-'));
  fs.cpSync(dir, copy, { recursive: true });
  return new InboundWal({ dir: copy, acknowledge: 'after-write', logger });
}

/** Waits (up to 5 s) for the background commit to catch up with the writes. */
async function synced(wal: InboundWal): Promise<void> {
  for (const until = Date.now() + 5000; wal.durableLsn < wal.writtenLsn && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe(`${InboundWal.name} acknowledging after the write`, () => {
  let dirs: string[];
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-wal-write-spec-'));
    dirs = [dir];
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('has each record in the segment when appendWritten returns, before any fsync, and replays it after a kill', async () => {
    const sut = new InboundWal({ dir, acknowledge: 'after-write', logger });
    sut.open();
    const lsns = Array.from({ length: 50 }, (_, i) => sut.appendWritten(message(i)));
    expect(lsns).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Same turn: nothing fsynced yet, everything written.
    expect(sut.stats()).toMatchObject({ writtenLsn: 50, durableLsn: 0, commits: 0, records: 50 });

    const reopened = afterKill(dir);
    dirs.push(reopened.dir);
    const replayed = [...reopened.replay()];
    expect(replayed.map((r) => r.lsn)).toEqual(lsns);
    expect(replayed.map((r) => r.message)).toEqual(Array.from({ length: 50 }, (_, i) => message(i)));
    // Reopening made them durable: the next record follows them.
    expect(reopened.stats()).toMatchObject({ durableLsn: 50, writtenLsn: 50 });
    reopened.open();
    expect(reopened.appendWritten(message(50))).toBe(51);
    await reopened.close();
    await sut.close();
  });

  it('fdatasyncs in the background group commit, one commit for many records, and on close', async () => {
    const sut = new InboundWal({ dir, acknowledge: 'after-write', logger });
    sut.open();
    for (let i = 0; i < 200; i++) sut.appendWritten(message(i));
    await synced(sut);
    expect(sut.stats()).toMatchObject({ durableLsn: 200, writtenLsn: 200, commits: 1 });
    sut.appendWritten(message(200));
    await sut.close();
    expect(sut.stats()).toMatchObject({ durableLsn: 201, commits: 2 });
    expect(() => sut.appendWritten(message(201))).toThrow('WAL closed');
  });

  it('makes a segment durable when it rolls over, and the checkpoint deletes what it covers', async () => {
    const sut = new InboundWal({ dir, acknowledge: 'after-write', segmentBytes: 600, logger });
    sut.open();
    for (let i = 0; i < 40; i++) sut.appendWritten(message(i));
    const segments = listSegments(dir);
    expect(segments.length).toBeGreaterThan(3);
    // Every segment but the current one was fdatasynced as it was left.
    expect(sut.durableLsn).toBe((segments[segments.length - 1] as number) - 1);
    await synced(sut);
    sut.markDelivered(40);
    sut.checkpoint(30);
    expect(listSegments(dir).length).toBeLessThan(segments.length);
    await sut.close();

    const reopened = new InboundWal({ dir, acknowledge: 'after-write', segmentBytes: 600, logger });
    expect([...reopened.replay()].map((r) => r.lsn)).toEqual(Array.from({ length: 10 }, (_, i) => 31 + i));
    await reopened.close();
  });

  it('throws when the write fails, leaves no hole and no torn bytes, and refuses every later record', async () => {
    const sut = new InboundWal({ dir, acknowledge: 'after-write', logger });
    sut.open();
    expect(sut.appendWritten(message(1))).toBe(1);
    const goodBytes = fs.statSync(segmentFile(dir, 1)).size;
    const realWrite = fs.writeSync;
    // A short write (5 bytes of the frame's header), then the disk is full.
    const shortWriteThenFull = (fd: number): never => {
      realWrite(fd, Buffer.from([40, 0, 0, 0, 9]));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    jest.spyOn(jest.requireMock<typeof fs>('node:fs'), 'writeSync').mockImplementationOnce(shortWriteThenFull);
    expect(() => sut.appendWritten(message(2))).toThrow('ENOSPC');
    expect(() => sut.appendWritten(message(3))).toThrow('ENOSPC');
    expect(fs.statSync(segmentFile(dir, 1)).size).toBe(goodBytes);
    expect(sut.stats()).toMatchObject({ writtenLsn: 1, lastError: 'ENOSPC: no space left on device' });
    await sut.close();

    const reopened = new InboundWal({ dir, acknowledge: 'after-write', logger });
    expect([...reopened.replay()].map((r) => r.message)).toEqual([message(1)]);
    expect(reopened.appendWritten(message(2))).toBe(2);
    await reopened.close();
  });

  it('keeps the modes apart: each refuses the other mode\'s append', async () => {
    const written = new InboundWal({ dir, acknowledge: 'after-write', logger });
    written.open();
    const told = await new Promise<Error | null>((resolve) => written.append(message(1), (err) => resolve(err)));
    expect(told?.message).toMatch(/acknowledges after-write/);
    await written.close();

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-wal-write-spec-'));
    dirs.push(other);
    const durable = new InboundWal({ dir: other, logger });
    durable.open();
    expect(() => durable.appendWritten(message(1))).toThrow(/acknowledges after-fsync/);
    await durable.close();
  });
});
