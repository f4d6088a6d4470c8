import * as net from 'node:net';
import { createBroker, type default as Aedes } from 'aedes';
import mqtt from 'mqtt';
import { exceedsTopicLevels, MAX_TOPIC_LEVELS, publishProblem, subscriptionProblem } from './broker-input-guard';

const levels = (n: number) => Array.from({ length: n }, (_, i) => `l${i}`).join('/');

describe(exceedsTopicLevels.name, () => {
  const sut = exceedsTopicLevels;

  it.each([
    ['', false],
    ['a', false],
    ['arterial/v1/controllers/int_1/plan/ack', false],
    [levels(MAX_TOPIC_LEVELS), false],
    ['/'.repeat(MAX_TOPIC_LEVELS - 1), false],
    [levels(MAX_TOPIC_LEVELS + 1), true],
    ['/'.repeat(MAX_TOPIC_LEVELS), true],
    [`${levels(MAX_TOPIC_LEVELS)}/#`, true],
  ].map(([topic, exceeds]) => ({ topic: topic as string, exceeds: exceeds as boolean, count: (topic as string).split('/').length })))('$count levels → $exceeds', ({ topic, exceeds }) => {
    expect(sut(topic)).toBe(exceeds);
  });

});

describe(publishProblem.name, () => {
  it.each([
    [{ topic: 'arterial/v1/detectors/d1/measurement', qos: 1 }, undefined],
    [{ topic: 'a/b', qos: 0 }, undefined],
    [{ topic: 'a/b', qos: 2 }, 'QoS 2 is not part of the contract (QoS 0 and 1 only)'],
    [{ topic: levels(150), qos: 1 }, 'topic has more than 100 levels (150)'],
    [{ topic: 'arterial/v1/controllers/c1/status', qos: 1, retain: true, payload: { length: 40 } }, undefined],
    [{ topic: 'a/b', qos: 0, retain: true, payload: { length: 0 } }, undefined],
    [{ topic: 'a/b', qos: 0, retain: true, payload: { length: 10 } }, 'retained messages are only taken on the contract’s retained topics (controller status)'],
    [{ topic: 'arterial/v1/detectors/d1/measurement', qos: 1, retain: true, payload: { length: 10 } }, 'retained messages are only taken on the contract’s retained topics (controller status)'],
  ])('%j → %p', (packet, problem) => {
    expect(publishProblem(packet)).toBe(problem);
  });
});

describe(subscriptionProblem.name, () => {
  it('refuses only filters the matcher cannot hold', () => {
    expect(subscriptionProblem('arterial/v1/controllers/+/plan')).toBeUndefined();
    expect(subscriptionProblem(`${levels(100)}/#`)).toBe('topic has more than 100 levels (101)');
  });
});

/**
 * The guards where the embedded broker wires them. Without them the 101-level PUBLISH, SUBSCRIBE and will
 * below end the process with qlobber's uncaught `too many words` (test/fuzz/broker-findings.test.ts).
 */
describe('aedes with the input guards in its hooks', () => {
  let broker: Aedes;
  let server: net.Server;
  let url: string;
  const uncaught: Error[] = [];
  const record = (err: Error) => uncaught.push(err);

  beforeEach(async () => {
    uncaught.length = 0;
    process.on('uncaughtException', record);
    broker = createBroker({
      authorizePublish: (_client, packet, callback) => {
        const problem = publishProblem(packet);
        callback(problem ? new Error(problem) : null);
      },
      authorizeSubscribe: (_client, subscription, callback) => callback(null, subscriptionProblem(subscription.topic) ? null : subscription),
    });
    server = net.createServer((socket) => broker.handle(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    process.off('uncaughtException', record);
  });

  it('refuses a 101-level subscription with a SUBACK failure, keeps the client and stays up', async () => {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    // mqtt.js reports a SUBACK failure code as an error carrying the packet.
    const suback = await client.subscribeAsync(levels(101), { qos: 0 }).catch((err: { packet?: { granted?: number[] } }) => err.packet?.granted);
    expect(suback).toEqual([128]);
    await client.subscribeAsync('ok/#', { qos: 0 });
    await client.endAsync();
    expect(uncaught).toEqual([]);
  });

  it('closes a client that publishes a 101-level topic, and still serves the others', async () => {
    const watcher = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    await watcher.subscribeAsync('#', { qos: 0 });
    const attacker = await mqtt.connectAsync(url, { reconnectPeriod: 0, will: { topic: levels(101), payload: Buffer.from('x'), qos: 0, retain: false } });
    const closed = new Promise<void>((resolve) => attacker.once('close', () => resolve()));
    attacker.publish(levels(101), 'x', { qos: 0 });
    await closed;
    attacker.end(true);
    const got = new Promise<string>((resolve) => watcher.once('message', (topic) => resolve(topic)));
    watcher.publish('still/up', 'x');
    await expect(got).resolves.toBe('still/up');
    await watcher.endAsync();
    expect(uncaught).toEqual([]);
  });

  it('closes a client that publishes at QoS 2 without storing or acknowledging the message', async () => {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    const packets: string[] = [];
    client.on('packetreceive', (packet) => packets.push(packet.cmd));
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish('a/b', Buffer.alloc(10_000), { qos: 2 });
    await closed;
    client.end(true);
    expect(packets).not.toContain('pubrec');
    expect(uncaught).toEqual([]);
  });
});
