import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTopic, CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import mqtt from 'mqtt';
import pino from 'pino';
import { DEFAULT_DEVICE_LIMITS, DeviceAccessPolicy } from '../auth/devices/device-access.policy';
import { DeviceRegistryFile } from '../auth/devices/device-registry.file';
import type { InboundMessage } from '../broker/broker-connection';
import { EmbeddedBrokerConnection } from '../broker/embedded-broker-connection.adapter';
import { systemClock } from '../clock/clock';
import { InboundWal, type OnDurable } from './inbound-wal';
import type { WalMessage } from './wal-record';

const logger = pino({ level: 'silent' });

/** A WAL whose appends count as durable only when the test says so. */
class HeldWal extends InboundWal {
  readonly held: Array<() => void> = [];
  private released = 0;
  override get durableLsn(): number {
    return Math.min(super.durableLsn, this.released);
  }
  override append(message: WalMessage, onDurable: OnDurable): number {
    return super.append(message, (err, lsn) => this.held.push(() => onDurable(err, lsn)));
  }
  release(): void {
    this.released = super.durableLsn;
    for (const run of this.held.splice(0)) run();
  }
}

function brokerWith(wal: InboundWal): EmbeddedBrokerConnection {
  const access = new DeviceAccessPolicy(new DeviceRegistryFile('/nonexistent/devices.json'), true, DEFAULT_DEVICE_LIMITS, systemClock);
  return new EmbeddedBrokerConnection({ host: '127.0.0.1', port: 0, subscriptions: CENTRE_SUBSCRIPTIONS, clock: systemClock, access, wal });
}

const measurement = (seq: number) => JSON.stringify({ ts: Date.now(), seq, intervalS: 30, volume: 3, occupancyPct: 5, health: 'ok' });

describe('durable acknowledgement on the embedded broker', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-durable-ack-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sends the PUBACK and hands the message to ingest only once the WAL has it on disk; a restart replays it', async () => {
    const wal = new HeldWal({ dir, logger });
    const sut = brokerWith(wal);
    const received: InboundMessage[] = [];
    sut.messages$.subscribe((m) => received.push(m));
    await sut.start();
    const device = await mqtt.connectAsync(sut.brokerUrl(), { clientId: 'det-1', reconnectPeriod: 0 });
    try {
      let acked = false;
      const published = device.publishAsync(buildTopic('measurement', 'det-1'), measurement(1), { qos: 1 }).then(() => (acked = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect({ acked, received: received.length, held: wal.held.length }).toEqual({ acked: false, received: 0, held: 1 });

      wal.release();
      await published;
      expect(received.map((m) => m.topic)).toEqual([buildTopic('measurement', 'det-1')]);
      // aedes' own delivery of the same message is not a second copy.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toHaveLength(1);

      // QoS 0 is not logged, and still reaches ingest once.
      await device.publishAsync(buildTopic('state', 'i-1'), '{}', { qos: 0 });
      for (let waited = 0; received.length < 2 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(received).toHaveLength(2);
      expect(wal.stats()).toMatchObject({ durableLsn: 1, checkpointLsn: 0 });
    } finally {
      await device.endAsync(true);
      await sut.stop();
    }

    const restarted = brokerWith(new InboundWal({ dir, logger }));
    const replayed: InboundMessage[] = [];
    restarted.messages$.subscribe((m) => replayed.push(m));
    await restarted.start();
    await restarted.stop();
    expect(replayed.map((m) => [m.topic, m.payload.toString(), m.receivedAt])).toEqual([[received[0]?.topic, received[0]?.payload.toString(), received[0]?.receivedAt]]);
  });
});
