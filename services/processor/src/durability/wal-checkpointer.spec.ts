import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { InboundWal } from './inbound-wal';
import { WalCheckpointer } from './wal-checkpointer';

const logger = pino({ level: 'silent' });

describe(WalCheckpointer.name, () => {
  let dir: string;
  let wal: InboundWal;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-wal-cp-spec-'));
    wal = new InboundWal({ dir, logger });
    wal.open();
    await Promise.all([1, 2, 3].map((i) => new Promise((resolve) => wal.append({ topic: 't', payload: Buffer.from(String(i)), receivedAt: i }, resolve))));
  });
  afterEach(async () => {
    await wal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checkpoints what ingest took once the store has settled it, not before', async () => {
    let settle: () => void = () => undefined;
    const sut = new WalCheckpointer({ wal, flushStore: () => new Promise<void>((resolve) => (settle = resolve)), ingestRunning: () => true, logger });
    wal.markDelivered(2);
    const step = sut.checkpointNow();
    wal.markDelivered(3);
    expect(wal.checkpointLsn).toBe(0);
    settle();
    await step;
    expect(wal.checkpointLsn).toBe(2);
  });

  it('takes no note while ingest is not subscribed (a record delivered to nobody stays in the log)', async () => {
    const sut = new WalCheckpointer({ wal, flushStore: () => Promise.resolve(), ingestRunning: () => false, logger });
    wal.markDelivered(3);
    await sut.checkpointNow();
    expect(wal.checkpointLsn).toBe(0);
  });

  it('keeps the checkpoint where it was when the store cannot settle', async () => {
    const sut = new WalCheckpointer({ wal, flushStore: () => Promise.reject(new Error('disk full')), ingestRunning: () => true, logger });
    wal.markDelivered(3);
    await sut.checkpointNow();
    expect(wal.checkpointLsn).toBe(0);
  });
});
