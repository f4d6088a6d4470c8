import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { InboundWal } from './inbound-wal';
import { listSegments, readCheckpoint, segmentFile } from './wal-files';
import type { WalMessage } from './wal-record';

const logger = pino({ level: 'silent' });

const message = (i: number): WalMessage => ({ topic: `arterial/v1/detectors/d-${i % 7}/measurement`, payload: Buffer.from(`{"seq":${i},"ü":"✓"}`), receivedAt: 1_700_000_000_000 + i });

function appendAll(wal: InboundWal, messages: WalMessage[]): Promise<number[]> {
  return Promise.all(messages.map((m) => new Promise<number>((resolve, reject) => wal.append(m, (err, lsn) => (err ? reject(err) : resolve(lsn))))));
}

describe(InboundWal.name, () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-wal-spec-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('acknowledges appends in LSN order after ONE commit per group, and replays them after a restart', async () => {
    const sut = new InboundWal({ dir, logger });
    sut.open();
    const lsns = await appendAll(sut, Array.from({ length: 500 }, (_, i) => message(i)));
    expect(lsns).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(sut.stats()).toMatchObject({ records: 500, durableLsn: 500, commits: 1, checkpointLsn: 0 });
    await sut.close();

    const reopened = new InboundWal({ dir, logger });
    const replayed = [...reopened.replay()];
    expect(replayed.map((r) => r.lsn)).toEqual(lsns);
    expect(replayed.map((r) => r.message)).toEqual(Array.from({ length: 500 }, (_, i) => message(i)));
    expect(await appendAll(reopened, [message(500)])).toEqual([501]);
    await reopened.close();
  });

  it('replays only what follows the checkpoint and deletes segments the checkpoint covers', async () => {
    const sut = new InboundWal({ dir, logger, segmentBytes: 2000 });
    sut.open();
    for (let i = 0; i < 10; i++) await appendAll(sut, Array.from({ length: 10 }, (_, j) => message(i * 10 + j)));
    const before = listSegments(dir).length;
    expect(before).toBeGreaterThan(3);
    sut.markDelivered(100);
    sut.checkpoint(73);
    expect(readCheckpoint(dir)).toBe(73);
    expect(listSegments(dir).length).toBeLessThan(before);
    expect(sut.stats().records).toBe(27);
    await sut.close();

    const reopened = new InboundWal({ dir, logger, segmentBytes: 2000 });
    expect([...reopened.replay()].map((r) => r.lsn)).toEqual(Array.from({ length: 27 }, (_, i) => 74 + i));
    await reopened.close();
  });

  it('cuts a torn last record (a crash mid-append) and carries on with the next LSN', async () => {
    const sut = new InboundWal({ dir, logger });
    sut.open();
    await appendAll(sut, [message(1), message(2)]);
    await sut.close();
    const file = segmentFile(dir, 1);
    const whole = fs.statSync(file).size;
    fs.appendFileSync(file, Buffer.from([40, 0, 0, 0, 1, 2, 3]));

    const reopened = new InboundWal({ dir, logger });
    expect([...reopened.replay()].map((r) => r.message.payload.toString())).toEqual([message(1).payload.toString(), message(2).payload.toString()]);
    expect(fs.statSync(file).size).toBe(whole);
    expect(await appendAll(reopened, [message(3)])).toEqual([3]);
    await reopened.close();
    expect([...new InboundWal({ dir, logger }).replay()].map((r) => r.lsn)).toEqual([1, 2, 3]);
  });

  it('never moves the checkpoint past what is on disk, and starts after it when every segment is gone', async () => {
    const sut = new InboundWal({ dir, logger, segmentBytes: 100 });
    sut.open();
    await appendAll(sut, [message(1)]);
    await appendAll(sut, [message(2)]);
    sut.checkpoint(99);
    expect(sut.checkpointLsn).toBe(2);
    await sut.close();
    for (const first of listSegments(dir)) fs.rmSync(segmentFile(dir, first));

    const reopened = new InboundWal({ dir, logger });
    expect([...reopened.replay()]).toEqual([]);
    expect(await appendAll(reopened, [message(3)])).toEqual([3]);
    await reopened.close();
  });

  it('refuses appends once closed', async () => {
    const sut = new InboundWal({ dir, logger });
    sut.open();
    await sut.close();
    await expect(appendAll(sut, [message(1)])).rejects.toThrow('WAL closed');
  });
});
