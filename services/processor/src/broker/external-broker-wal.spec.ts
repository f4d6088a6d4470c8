import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildTopic, CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import mqtt from 'mqtt';
import pino from 'pino';
import { DEFAULT_DEVICE_LIMITS, DeviceAccessPolicy } from '../auth/devices/device-access.policy';
import { DeviceRegistryFile } from '../auth/devices/device-registry.file';
import { systemClock } from '../clock/clock';
import { InboundWal } from '../durability/inbound-wal';
import type { InboundMessage } from './broker-connection';
import { EmbeddedBrokerConnection } from './embedded-broker-connection.adapter';
import { ExternalBrokerConnection } from './external-broker-connection.adapter';

const logger = pino({ level: 'silent' });
const topic = buildTopic('measurement', 'det-1');
const measurement = (seq: number) => JSON.stringify({ ts: Date.now(), seq, intervalS: 30, volume: 3, occupancyPct: 5, health: 'ok' });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The "external" broker: the embedded aedes one, anonymous, without a WAL of its own. */
async function startBroker(): Promise<EmbeddedBrokerConnection> {
  const access = new DeviceAccessPolicy(new DeviceRegistryFile('/nonexistent/devices.json'), true, DEFAULT_DEVICE_LIMITS, systemClock);
  const broker = new EmbeddedBrokerConnection({ host: '127.0.0.1', port: 0, subscriptions: [], clock: systemClock, access });
  await broker.start();
  return broker;
}

describe('external broker session with an after-write WAL', () => {
  let dir: string;
  let broker: EmbeddedBrokerConnection;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-external-wal-'));
    broker = await startBroker();
  });
  afterEach(async () => {
    await broker.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const centre = (wal: InboundWal) => new ExternalBrokerConnection({ url: broker.brokerUrl(), clientId: 'centre', subscriptions: CENTRE_SUBSCRIPTIONS, wal, clock: systemClock });

  it('writes a QoS 1 message to the WAL before its PUBACK, hands it on in log order, and replays it at the next start', async () => {
    const wal = new InboundWal({ dir, acknowledge: 'after-write', logger });
    const sut = centre(wal);
    const received: InboundMessage[] = [];
    sut.messages$.subscribe((m) => received.push(m));
    await sut.start();
    const device = await mqtt.connectAsync(broker.brokerUrl(), { clientId: 'det-1', reconnectPeriod: 0 });
    try {
      await device.publishAsync(topic, measurement(1), { qos: 1 });
      await device.publishAsync(topic, measurement(2), { qos: 1 });
      // QoS 0 copies promise nothing: handed on, never logged.
      await device.publishAsync(topic, measurement(3), { qos: 0 });
      await pause(200);
    } finally {
      await device.endAsync(true);
      await sut.stop();
    }
    expect(received.map((m) => JSON.parse(m.payload.toString()).seq)).toEqual([1, 2, 3]);
    expect(wal.stats()).toMatchObject({ writtenLsn: 2, durableLsn: 2 });
    expect(wal.deliveredLsn).toBe(2);

    const replayed: InboundMessage[] = [];
    const restarted = new ExternalBrokerConnection({ url: 'mqtt://127.0.0.1:1', clientId: 'centre', subscriptions: CENTRE_SUBSCRIPTIONS, wal: new InboundWal({ dir, acknowledge: 'after-write', logger }), clock: systemClock });
    restarted.messages$.subscribe((m) => replayed.push(m));
    // Replay runs before the connection is even attempted (nothing listens on port 1).
    // (It never connects: its start stays pending, and stop ends it.)
    void restarted.start().catch(() => undefined);
    expect(replayed.map((m) => [m.topic, m.payload.toString(), m.receivedAt])).toEqual(received.slice(0, 2).map((m) => [m.topic, m.payload.toString(), m.receivedAt]));
    await restarted.stop();
  });

  it('withholds the PUBACK when the WAL cannot take it: the broker keeps the message and delivers it again', async () => {
    const wal = new InboundWal({ dir, acknowledge: 'after-write', logger });
    const sut = centre(wal);
    const received: InboundMessage[] = [];
    sut.messages$.subscribe((m) => received.push(m));
    await sut.start();
    // The log refuses from here on (as after a failed write).
    await wal.close();
    const device = await mqtt.connectAsync(broker.brokerUrl(), { clientId: 'det-1', reconnectPeriod: 0 });
    try {
      await device.publishAsync(topic, measurement(1), { qos: 1 });
      await pause(300);
      expect(received).toEqual([]);
      expect(sut.health().lastError).toBe('WAL: WAL closed');
    } finally {
      await device.endAsync(true);
      await sut.stop();
    }

    // The same session again, with a log that works: the unacknowledged message comes back and is logged.
    const again = new InboundWal({ dir, acknowledge: 'after-write', logger });
    const resumed = centre(again);
    resumed.messages$.subscribe((m) => received.push(m));
    await resumed.start();
    try {
      for (const until = Date.now() + 5000; received.length === 0 && Date.now() < until; ) await pause(20);
      expect(received.map((m) => JSON.parse(m.payload.toString()).seq)).toEqual([1]);
      expect(again.writtenLsn).toBe(1);
    } finally {
      await resumed.stop();
    }
  });
});
