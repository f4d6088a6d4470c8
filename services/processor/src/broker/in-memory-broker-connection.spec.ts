import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { ManualClock } from '../clock/clock';
import { ParsedInboundMessage } from '../ingest/parsed-inbound-message';
import type { InboundMessage } from './broker-connection';
import { brokerConnectionSuite, type DeviceDelivery, type SuiteDevice } from './broker-connection.suite';
import { InMemoryBrokerConnection } from './in-memory-broker-connection';

/** The device side of the in-memory broker, behind the suite's device interface. */
function inMemoryDevice(broker: InMemoryBrokerConnection): SuiteDevice {
  const received: DeviceDelivery[] = [];
  const unsubscribes: Array<() => void> = [];
  return {
    received,
    publish: async (topic, payload, options) => broker.deliverFromDevice(topic, payload, options),
    subscribe: async (filter) => void unsubscribes.push(broker.subscribeAsDevice(filter, (m) => received.push(m))),
    close: async () => unsubscribes.forEach((unsubscribe) => unsubscribe()),
  };
}

brokerConnectionSuite(
  InMemoryBrokerConnection.name,
  async ({ clock, subscriptions }) => {
    const connection = new InMemoryBrokerConnection({ subscriptions, clock });
    const devices: SuiteDevice[] = [];
    return {
      connection,
      connectDevice: async () => {
        const device = inMemoryDevice(connection);
        devices.push(device);
        return device;
      },
      async dispose() {
        for (const device of devices) await device.close();
        await connection.stop();
      },
    };
  },
  { mode: 'in-memory', brokerOutlivesConnection: true },
);

describe(InMemoryBrokerConnection.name, () => {
  const subscriptions = ['arterial/v1/detectors/+/measurement'];

  it('records what the centre published, with its options, in order', async () => {
    const sut = new InMemoryBrokerConnection({ subscriptions });
    await sut.start();

    await sut.publish(buildTopic('plan', 'i-1'), '{"a":1}', { qos: 1, retain: false });
    await sut.publish(buildTopic('plan', 'i-2'), Buffer.from('{"b":2}'), { qos: 0, retain: true });

    expect(sut.published.map((p) => ({ ...p, payload: p.payload.toString() }))).toEqual([
      { topic: buildTopic('plan', 'i-1'), payload: '{"a":1}', qos: 1, retain: false },
      { topic: buildTopic('plan', 'i-2'), payload: '{"b":2}', qos: 0, retain: true },
    ]);
  });

  it('drops device messages while the centre is not connected, except retained ones', async () => {
    const clock = new ManualClock(1000);
    const sut = new InMemoryBrokerConnection({ subscriptions, clock });
    const received: string[] = [];
    sut.messages$.subscribe((m) => received.push(m.payload.toString()));

    sut.deliverFromDevice(buildTopic('measurement', 'd-1'), 'lost');
    sut.deliverFromDevice(buildTopic('measurement', 'd-2'), 'kept', { qos: 1, retain: true });
    await sut.start();
    sut.deliverFromDevice(buildTopic('measurement', 'd-1'), 'live');

    expect(received).toEqual(['kept', 'live']);
  });

  it('delivers to a device at the lower of the publish and subscription QoS, and stops after unsubscribe', async () => {
    const sut = new InMemoryBrokerConnection({ subscriptions });
    await sut.start();
    const received: DeviceDelivery[] = [];
    const unsubscribe = sut.subscribeAsDevice('arterial/v1/controllers/+/plan', (m) => received.push(m), 0);

    await sut.publish(buildTopic('plan', 'i-1'), 'one', { qos: 1, retain: false });
    unsubscribe();
    await sut.publish(buildTopic('plan', 'i-1'), 'two', { qos: 1, retain: false });

    expect(received.map((m) => [m.payload.toString(), m.qos])).toEqual([['one', 0]]);
  });

  it('hands the centre a parsed payload as the value it was given, on subscribed topics only, and devices its text', async () => {
    const clock = new ManualClock(1000);
    const sut = new InMemoryBrokerConnection({ subscriptions, clock });
    const centre: InboundMessage[] = [];
    sut.messages$.subscribe((m) => centre.push(m));
    const value = { ts: 990, seq: 1 };

    sut.deliverParsedFromDevice(buildTopic('measurement', 'd-1'), value, 100);
    await sut.start();
    sut.deliverParsedFromDevice(buildTopic('measurement', 'd-1'), value, 100);
    sut.deliverParsedFromDevice(buildTopic('status', 'i-1'), value, 100);
    const devices: DeviceDelivery[] = [];
    sut.subscribeAsDevice('arterial/v1/detectors/#', (m) => devices.push(m));
    sut.deliverParsedFromDevice(buildTopic('measurement', 'd-2'), value, 100);

    expect(centre.map((m) => [m.topic, m.payload.toString(), m.receivedAt])).toEqual([
      [buildTopic('measurement', 'd-1'), JSON.stringify(value), 1000],
      [buildTopic('measurement', 'd-2'), JSON.stringify(value), 1000],
    ]);
    expect(centre[0]).toBeInstanceOf(ParsedInboundMessage);
    expect((centre[0] as ParsedInboundMessage).value).toBe(value);
    expect(devices.map((m) => [m.topic, m.payload.toString(), m.qos, m.retain])).toEqual([[buildTopic('measurement', 'd-2'), JSON.stringify(value), 1, false]]);
  });
});
