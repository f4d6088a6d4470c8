/**
 * The shared BrokerConnection suite against real brokers: the embedded aedes broker on an ephemeral port,
 * and Debian's mosquitto as the external broker of MQTT_URL, with mqtt.js clients as the devices.
 */
import {
  brokerConnectionSuite,
  EmbeddedBrokerConnection,
  ExternalBrokerConnection,
  ManualClock,
  type BrokerConnection,
  type BrokerConnectionFixture,
  type SuiteDevice,
} from '@arterial/processor';
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import mqtt from 'mqtt';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { anonymousAccess } from '../support/device-access';
import { connectMqttDevice } from '../support/mqtt-device';
import { waitFor } from '../support/wait-for';

jest.setTimeout(30_000);
let clientCounter = 0;
const nextClientId = (role: string) => `broker-suite-${role}-${process.pid}-${++clientCounter}`;

/** The suite's fixture for a connection whose devices are real mqtt.js clients on `url()`; dispose closes both. */
function mqttFixture(connection: BrokerConnection, url: () => string): BrokerConnectionFixture {
  const devices: SuiteDevice[] = [];
  return {
    connection,
    connectDevice: async () => {
      const device = await connectMqttDevice(url(), nextClientId('device'));
      devices.push(device);
      return device;
    },
    async dispose() {
      for (const device of devices.splice(0)) await device.close();
      await connection.stop();
    },
  };
}

brokerConnectionSuite(
  `${EmbeddedBrokerConnection.name} (aedes on an ephemeral port)`,
  async ({ clock, subscriptions }) => {
    const connection = new EmbeddedBrokerConnection({ host: '127.0.0.1', port: 0, subscriptions, clock, access: anonymousAccess(clock) });
    return mqttFixture(connection, () => connection.brokerUrl());
  },
  { mode: 'embedded', brokerOutlivesConnection: false },
);

describe('against mosquitto', () => {
  const mosquitto = new MosquittoBroker();

  beforeAll(async () => {
    await mosquitto.start();
  });

  afterAll(async () => {
    await mosquitto.dispose();
  });

  brokerConnectionSuite(
    `${ExternalBrokerConnection.name} (Debian mosquitto)`,
    async ({ clock, subscriptions }) => {
      const connection = new ExternalBrokerConnection({ url: mosquitto.url, clientId: nextClientId('centre'), subscriptions, clock });
      return mqttFixture(connection, () => mosquitto.url);
    },
    { mode: 'external', brokerOutlivesConnection: true },
  );
});

describe(EmbeddedBrokerConnection.name, () => {
  it('parks topics with an empty level, hands the centre its own, and keeps persistent subscribers connected', async () => {
    const clock = new ManualClock(0);
    const sut = new EmbeddedBrokerConnection({ host: '127.0.0.1', port: 0, subscriptions: CENTRE_SUBSCRIPTIONS, clock, access: anonymousAccess(clock) });
    const received: string[] = [];
    sut.messages$.subscribe((m) => received.push(m.topic));
    await sut.start();
    // A persistent subscriber to everything: aedes would drop its connection on an empty-level topic.
    const watcher = await mqtt.connectAsync(sut.brokerUrl(), { clientId: nextClientId('watcher'), clean: false, protocolVersion: 4, reconnectPeriod: 0 });
    const watched: string[] = [];
    watcher.on('message', (topic) => watched.push(topic));
    await watcher.subscribeAsync('arterial/#', { qos: 1 });
    const device = await connectMqttDevice(sut.brokerUrl(), nextClientId('device'));
    try {
      await device.publish('arterial/v1/controllers//status', '{}', { qos: 1, retain: false });
      await device.publish('arterial//elsewhere', '{}', { qos: 1, retain: false });
      await device.publish('arterial/v1/detectors/d-1/measurement', '{}', { qos: 1, retain: false });
      await waitFor(() => received.includes('arterial/v1/detectors/d-1/measurement') && watched.includes('arterial/v1/detectors/d-1/measurement'), { timeoutMs: 5000, what: 'the valid message' });

      expect(received).toEqual(['arterial/v1/controllers//status', 'arterial/v1/detectors/d-1/measurement']);
      // Subscribers see them under the quarantine topic, never under a topic the persistence store cannot handle.
      expect(watched).toEqual(['arterial/quarantine', 'arterial/quarantine', 'arterial/v1/detectors/d-1/measurement']);
      expect(watcher.connected).toBe(true);
      expect(sut.quarantined).toBe(2);
    } finally {
      await device.close();
      await watcher.endAsync();
      await sut.stop();
    }
  });
});

describe(`${EmbeddedBrokerConnection.name} connection limit`, () => {
  it('closes connections beyond MQTT_MAX_CLIENTS at once and counts them', async () => {
    const clock = new ManualClock(0);
    const sut = new EmbeddedBrokerConnection({ host: '127.0.0.1', port: 0, subscriptions: CENTRE_SUBSCRIPTIONS, clock, access: anonymousAccess(clock), maxClients: 1 });
    const refusals: string[] = [];
    sut.refusals$.subscribe((r) => refusals.push(`${r.action}:${r.reason}`));
    await sut.start();
    const first = await mqtt.connectAsync(sut.brokerUrl(), { clientId: nextClientId('first'), protocolVersion: 4, reconnectPeriod: 0 });
    try {
      const second = mqtt.connect(sut.brokerUrl(), { clientId: nextClientId('second'), protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 3000 });
      const connected = await new Promise<boolean>((resolve) => {
        second.once('connect', () => resolve(true));
        second.once('close', () => resolve(false));
      });
      second.end(true);
      expect(connected).toBe(false);
      expect(first.connected).toBe(true);
      expect(sut.health().embedded?.refused).toEqual({ connect: 1, publish: 0, subscribe: 0 });
      expect(refusals).toEqual(['connect:unauthorised']);
    } finally {
      await first.endAsync();
      await sut.stop();
    }
  });
});
