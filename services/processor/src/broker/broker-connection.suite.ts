/**
 * The one suite every BrokerConnection must pass: in-memory in a unit spec, the embedded aedes broker and
 * an external mosquitto in test/broker. Call it inside a test file; the factory gives a fresh, unstarted
 * connection per test and a way to put a device on the same broker.
 */
import { CENTRE_SUBSCRIPTIONS } from '@arterial/contracts/mqtt/v1';
import { ManualClock, type Clock } from '../clock/clock';
import type { BrokerConnection, BrokerHealth, InboundMessage, PublishOptions } from './broker-connection';

/** What a device on the broker received: as MQTT delivered it to that device. */
export interface DeviceDelivery {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
}

/** A device on the same broker as the connection under test (an MQTT client, or the in-memory adapter's device side). */
export interface SuiteDevice {
  publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void>;
  /** Subscribes at QoS 1; resolves once the broker has the subscription. */
  subscribe(filter: string): Promise<void>;
  readonly received: readonly DeviceDelivery[];
  close(): Promise<void>;
}

export interface BrokerConnectionFixture {
  /** Not started; built with the given clock and subscriptions. */
  connection: BrokerConnection;
  /** Puts a device on the broker. Where the broker lives inside the connection, only after start(). */
  connectDevice(): Promise<SuiteDevice>;
  /** Closes devices, stops the connection and removes whatever the fixture created. */
  dispose(): Promise<void>;
}

export interface BrokerSuiteOptions {
  mode: BrokerHealth['mode'];
  /** The broker exists before and without the connection (external, in-memory), so devices can publish first. */
  brokerOutlivesConnection: boolean;
}

/** The centre clock every suite connection runs on, so receivedAt is checked exactly. */
const SUITE_NOW = Date.UTC(2026, 10, 27, 8, 0, 0);
let suiteRun = 0;

async function eventually<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function brokerConnectionSuite(name: string, createFixture: (setup: { clock: Clock; subscriptions: readonly string[] }) => Promise<BrokerConnectionFixture>, options: BrokerSuiteOptions): void {
  describe(`BrokerConnection contract: ${name}`, () => {
    let fixture: BrokerConnectionFixture;
    let sut: BrokerConnection;
    let received: InboundMessage[];
    let completed: boolean;
    // Device ids unique per test, so a broker shared between tests (retained messages, queued sessions) cannot leak across them.
    let id: string;
    const mine = () => received.filter((m) => m.topic.includes(`/${id}/`) || m.topic.endsWith(`/${id}`));

    beforeEach(async () => {
      suiteRun += 1;
      id = `suite-${process.pid}-${suiteRun}`;
      fixture = await createFixture({ clock: new ManualClock(SUITE_NOW), subscriptions: CENTRE_SUBSCRIPTIONS });
      sut = fixture.connection;
      received = [];
      completed = false;
      sut.messages$.subscribe({ next: (m) => received.push(m), complete: () => (completed = true) });
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    it('receives what a device publishes on each of the centre’s subscriptions, bytes intact, on the centre clock', async () => {
      await sut.start();
      const device = await fixture.connectDevice();
      const topics = CENTRE_SUBSCRIPTIONS.map((filter) => filter.replace('+', id));
      // Binary payloads must survive untouched: ingest rejects bad UTF-8 itself, with a reason.
      const payloads = topics.map((topic, i) => (i === topics.length - 1 ? Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) : Buffer.from(JSON.stringify({ topic, i }))));

      for (const [i, topic] of topics.entries()) await device.publish(topic, payloads[i]!, { qos: 1, retain: false });
      await eventually(() => mine().length >= topics.length, `${topics.length} messages`);

      expect(mine().map((m) => m.topic)).toEqual(topics);
      expect(mine().map((m) => m.payload)).toEqual(payloads);
      expect(mine().map((m) => m.receivedAt)).toEqual(topics.map(() => SUITE_NOW));
    });

    it('ignores topics outside its subscriptions', async () => {
      await sut.start();
      const device = await fixture.connectDevice();
      const outside = [`arterial/v1/controllers/${id}/plan`, `arterial/v1/detectors/${id}/measurement/extra`, `arterial/v2/detectors/${id}/measurement`, `elsewhere/${id}/measurement`];
      const sentinel = `arterial/v1/detectors/${id}/measurement`;

      for (const topic of outside) await device.publish(topic, '{}', { qos: 1, retain: false });
      // One client's QoS 1 messages arrive in order: once the sentinel is in, the others had their chance.
      await device.publish(sentinel, '{}', { qos: 1, retain: false });
      await eventually(() => mine().some((m) => m.topic === sentinel), 'the sentinel');

      expect(mine().map((m) => m.topic)).toEqual([sentinel]);
    });

    it('publishes at QoS 1 to a device subscribed to the topic', async () => {
      await sut.start();
      const device = await fixture.connectDevice();
      const topic = `arterial/v1/controllers/${id}/plan`;
      await device.subscribe(topic);

      await sut.publish(topic, '{"planId":"p-1"}', { qos: 1, retain: false });
      const delivery = await eventually(() => device.received[0], 'the plan at the device');

      expect(delivery).toEqual({ topic, payload: Buffer.from('{"planId":"p-1"}'), qos: 1, retain: false });
    });

    it('hears its own publishes on topics it subscribes to, like any MQTT client', async () => {
      await sut.start();
      const topic = `arterial/v1/controllers/${id}/plan/ack`;

      await sut.publish(topic, '{"planId":"p-2","accepted":true}', { qos: 1, retain: false });
      const echo = await eventually(() => mine()[0], 'the echo');

      expect(echo).toEqual({ topic, payload: Buffer.from('{"planId":"p-2","accepted":true}'), receivedAt: SUITE_NOW });
    });

    it('keeps what it publishes retained for devices that subscribe later, until cleared', async () => {
      await sut.start();
      const topic = `arterial/v1/controllers/${id}/plan`;
      await sut.publish(topic, '{"planId":"kept"}', { qos: 1, retain: true });

      const early = await fixture.connectDevice();
      await early.subscribe(topic);
      const delivery = await eventually(() => early.received[0], 'the retained message');
      await sut.publish(topic, '', { qos: 1, retain: true });
      const late = await fixture.connectDevice();
      await late.subscribe(topic);
      // A live publish after the subscription proves the late device is listening, and arrives after any retained one.
      await sut.publish(topic, '{"planId":"live"}', { qos: 1, retain: false });
      await eventually(() => late.received.length > 0, 'the live message');

      expect(delivery).toEqual({ topic, payload: Buffer.from('{"planId":"kept"}'), qos: 1, retain: true });
      expect(late.received.map((d) => d.payload.toString())).toEqual(['{"planId":"live"}']);
    });

    if (options.brokerOutlivesConnection) {
      it('receives a device’s retained status published before the connection started', async () => {
        const device = await fixture.connectDevice();
        const topic = `arterial/v1/controllers/${id}/status`;
        await device.publish(topic, '{"online":true}', { qos: 1, retain: true });

        await sut.start();
        const status = await eventually(() => mine()[0], 'the retained status');
        await device.publish(topic, '', { qos: 1, retain: true });

        expect(status).toEqual({ topic, payload: Buffer.from('{"online":true}'), receivedAt: SUITE_NOW });
      });
    }

    it('reports health: connected only while started, in its mode, at its URL', async () => {
      expect(sut.health().connected).toBe(false);

      await sut.start();
      const running = sut.health();
      await sut.stop();

      expect(running).toMatchObject({ mode: options.mode, connected: true, url: sut.brokerUrl() });
      expect(sut.health().connected).toBe(false);
    });

    it('stops cleanly and idempotently: the stream completes and publishing is refused', async () => {
      await sut.start();

      await sut.stop();
      await sut.stop();

      expect(completed).toBe(true);
      await expect(sut.publish(`arterial/v1/controllers/${id}/plan`, '{}', { qos: 1, retain: false })).rejects.toThrow();
    });
  });
}
