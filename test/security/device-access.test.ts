/**
 * Device identity on the real embedded broker over TCP: every forbidden action is tried with real mqtt.js clients
 * (and Debian's mosquitto_pub) and must be refused, counted in /api/health and recorded as a dead letter.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { DeadLetterList, HealthReport } from '@arterial/contracts/api/v1';
import { validPayload } from '@arterial/contracts/testing';
import type { RunningProcessor } from '@arterial/processor';
import { deviceCommand, type DeviceCredentials } from '../support/device-access';
import { mosquittoPub } from '../support/mosquitto-cli';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

const topic = {
  measurement: (id: string) => `arterial/v1/detectors/${id}/measurement`,
  state: (id: string) => `arterial/v1/controllers/${id}/state`,
  status: (id: string) => `arterial/v1/controllers/${id}/status`,
  plan: (id: string) => `arterial/v1/controllers/${id}/plan`,
};

describe('device identity on the embedded broker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-security-'));
  const registryFile = path.join(dir, 'devices.json');
  const clients: MqttClient[] = [];
  const creds: Record<string, DeviceCredentials> = {};
  const seen: string[] = [];
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let clientCounter = 0;
  const startedAt = Date.now();

  const connect = async (who: DeviceCredentials | undefined, options: IClientOptions = {}) => {
    const client = await mqtt.connectAsync(processor.mqttUrl, {
      clientId: `security-${process.pid}-${++clientCounter}`,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      ...(who ? { username: who.username, password: who.password } : {}),
      ...options,
    });
    clients.push(client);
    return client;
  };
  const health = async () => (await (await fetch(`${processor.httpUrl}/api/health`)).json()) as HealthReport;
  const refused = async () => (await health()).broker.embedded?.refused ?? { connect: 0, publish: 0, subscribe: 0 };
  const deadLetters = async () => {
    const res = await fetch(`${processor.httpUrl}/api/dead-letters?from=${startedAt - 60_000}&to=${Date.now() + 60_000}&limit=1000`);
    return ((await res.json()) as DeadLetterList).deadLetters;
  };
  const deadLetterFor = (detail: RegExp, reason = 'unauthorised') =>
    waitFor(async () => (await deadLetters()).find((d) => d.reason === reason && detail.test(d.detail)), { timeoutMs: 15_000, what: `a dead letter matching ${detail}` });
  const nextEvent = <T extends unknown[]>(client: MqttClient, event: 'close' | 'message') => new Promise<T>((resolve) => client.once(event, (...args: unknown[]) => resolve(args as T)));
  /** Publishes and waits for the broker to close the connection, as it does for every refused PUBLISH. */
  const publishRefused = async (client: MqttClient, to: string, payload: string) => {
    const closed = nextEvent(client, 'close');
    client.publish(to, payload, { qos: 1 });
    await closed;
  };
  const measurementOf = (id: string) => JSON.stringify({ ...validPayload('measurement', Date.now()), seq: ++clientCounter, detectorId: id });

  beforeAll(async () => {
    for (const [name, ...args] of [
      ['d1', '--role', 'detector'],
      ['d2', '--role', 'detector'],
      ['d-rate', '--role', 'detector'],
      ['c1', '--role', 'controller'],
      ['c2', '--role', 'controller'],
      ['c-revoked', '--role', 'controller'],
      ['cab', '--role', 'gateway', '--owns', 'd3,c3'],
      ['centre', '--role', 'centre'],
    ] as const) {
      creds[name] = deviceCommand(registryFile, 'add', name, ...args);
    }
    platform = await createTestPlatform('security');
    processor = await platform.startProcessor({
      env: { MQTT_ALLOW_ANONYMOUS: 'false', DEVICE_REGISTRY_FILE: registryFile, MQTT_DEVICE_RATE_PER_S: '1', MQTT_DEVICE_BURST: '3' },
    });
    const watcher = await connect(creds.centre);
    watcher.on('message', (t) => seen.push(t));
    await watcher.subscribeAsync('arterial/v1/#', { qos: 1 });
  });

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await platform?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says in /api/health that devices authenticate against the registry', async () => {
    const report = await health();
    expect(report.mqttAuth).toBe('registry');
    expect(report.broker.embedded?.auth).toBe('registry');
  });

  it('refuses anonymous connections, from mqtt.js and from mosquitto_pub', async () => {
    const before = await refused();
    await expect(connect(undefined)).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(mosquittoPub(processor.mqttUrl, topic.measurement('d1'), measurementOf('d1'))).rejects.toThrow();
    expect((await refused()).connect).toBe(before.connect + 2);
    await deadLetterFor(/^connect by .*anonymous connection refused/);
  });

  it('refuses a wrong secret and an unknown device', async () => {
    await expect(connect({ username: 'd1', password: 'not-the-secret' })).rejects.toThrow(/Bad username or password/i);
    await expect(connect({ username: 'ghost', password: creds.d1!.password })).rejects.toThrow(/Bad username or password/i);
    await deadLetterFor(/^connect by d1: wrong secret for device d1$/);
    await deadLetterFor(/^connect by ghost: unknown or revoked device ghost$/);
  });

  it('lets a detector publish its own measurement, from mqtt.js and mosquitto_pub', async () => {
    const d1 = await connect(creds.d1);
    await d1.publishAsync(topic.measurement('d1'), measurementOf('d1'), { qos: 1 });
    await mosquittoPub(processor.mqttUrl, topic.measurement('d2'), measurementOf('d2'), 1, { username: 'd2', password: creds.d2!.password });
    await waitFor(() => seen.includes(topic.measurement('d1')) && seen.includes(topic.measurement('d2')), { timeoutMs: 5000, what: 'both measurements' });
  });

  it("refuses a detector publishing a plan or another detector's measurement", async () => {
    const before = await refused();
    await publishRefused(await connect(creds.d1), topic.plan('c1'), JSON.stringify(validPayload('plan', Date.now())));
    await publishRefused(await connect(creds.d1), topic.measurement('d2'), measurementOf('d2'));
    expect((await refused()).publish).toBe(before.publish + 2);
    await deadLetterFor(/^publish by d1: only the centre publishes plan$/);
    await deadLetterFor(/^publish by d1: detector d1 does not publish for detector d2$/);
    const letters = await deadLetters();
    expect(letters.find((d) => /only the centre publishes plan/.test(d.detail))?.topic).toBe(topic.plan('c1'));
    expect(seen).not.toContain(topic.plan('c1'));
  });

  it("refuses a controller subscribing to another's plan (SUBACK 0x80) and keeps its connection", async () => {
    const before = await refused();
    const c1 = await connect(creds.c1);
    // mqtt.js rejects a SUBACK holding 0x80 and hands over the packet.
    const suback = await c1.subscribeAsync([topic.plan('c1'), topic.plan('c2'), 'arterial/v1/controllers/+/plan'], { qos: 1 }).then(
      () => undefined,
      (err: { packet?: { granted?: number[] } }) => err.packet,
    );
    expect(suback?.granted).toEqual([1, 128, 128]);
    expect(c1.connected).toBe(true);
    expect((await refused()).subscribe).toBe(before.subscribe + 2);
    await deadLetterFor(/^subscribe by c1: controller c1 does not act for controller c2$/);
    // Its own plan still reaches it.
    const received = nextEvent<[string]>(c1, 'message');
    const centre = await connect(creds.centre);
    await centre.publishAsync(topic.plan('c1'), JSON.stringify(validPayload('plan', Date.now())), { qos: 1 });
    expect((await received)[0]).toBe(topic.plan('c1'));
  });

  it('refuses a controller whose last will names another controller', async () => {
    await expect(connect(creds.c1, { will: { topic: topic.status('c2'), payload: Buffer.from('{}'), qos: 1, retain: true } })).rejects.toThrow(/Not authorized/i);
    await deadLetterFor(/^connect by c1: will: controller c1 does not publish for controller c2$/);
    await connect(creds.c1, { will: { topic: topic.status('c1'), payload: Buffer.from('{}'), qos: 1, retain: true } });
  });

  it('lets a gateway publish for the devices it owns, and refuses it for others', async () => {
    const cab = await connect(creds.cab);
    await cab.publishAsync(topic.measurement('d3'), measurementOf('d3'), { qos: 1 });
    await cab.publishAsync(topic.state('c3'), JSON.stringify(validPayload('state', Date.now())), { qos: 0 });
    await waitFor(() => seen.includes(topic.measurement('d3')) && seen.includes(topic.state('c3')), { timeoutMs: 5000, what: "the gateway's messages" });
    await publishRefused(cab, topic.measurement('d1'), measurementOf('d1'));
    await deadLetterFor(/^publish by cab: gateway cab does not publish for detector d1$/);
  });

  it('refuses a revoked device at once, on new and open connections, without a restart', async () => {
    const open = await connect(creds['c-revoked']);
    await open.publishAsync(topic.status('c-revoked'), '{}', { qos: 1 });
    deviceCommand(registryFile, 'revoke', 'c-revoked');
    await expect(connect(creds['c-revoked'])).rejects.toThrow(/Bad username or password/i);
    await publishRefused(open, topic.status('c-revoked'), '{}');
    await deadLetterFor(/^connect by c-revoked: unknown or revoked device c-revoked$/);
    await deadLetterFor(/^publish by c-revoked: device c-revoked was revoked$/);
  });

  it('limits each device to its rate and records what it sheds', async () => {
    const before = await refused();
    const flood = await connect(creds['d-rate']);
    const closed = nextEvent(flood, 'close');
    // Burst 3 at 1 message/s: the fourth message in the same instant is over the limit.
    for (let i = 0; i < 6; i++) flood.publish(topic.measurement('d-rate'), measurementOf('d-rate'), { qos: 0 });
    await closed;
    expect((await refused()).publish).toBeGreaterThan(before.publish);
    await deadLetterFor(/^publish by d-rate: device d-rate exceeds 1 messages\/s$/, 'rate-limited');
    expect(seen.filter((t) => t === topic.measurement('d-rate'))).toHaveLength(3);
  });
});
