/**
 * The external-broker equivalent: `npm run device -- export-mosquitto` turns the registry into a mosquitto 2
 * password file and ACL file; Debian's mosquitto with them must allow and refuse what the embedded broker does.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceCommand, type DeviceCredentials } from '../support/device-access';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { mosquittoPub } from '../support/mosquitto-cli';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

describe('mosquitto configuration exported from the registry', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-mosquitto-acl-'));
  const registryFile = path.join(dir, 'devices.json');
  const passwordFile = path.join(dir, 'passwd');
  const aclFile = path.join(dir, 'acl');
  const broker = new MosquittoBroker({ passwordFile, aclFile });
  const creds: Record<string, DeviceCredentials> = {};
  const seen: string[] = [];
  let watcher: MqttClient;

  const pubAs = (who: string, topic: string, payload = '{}') => mosquittoPub(broker.url, topic, payload, 1, { username: who, password: creds[who]?.password ?? 'wrong' });
  /** Sends the refused message, then an allowed marker from the same device: once the marker is seen, the refused one would have been too. */
  const expectDropped = async (who: string, topic: string, marker: string) => {
    await pubAs(who, topic).catch(() => undefined);
    await pubAs(who, marker);
    await waitFor(() => seen.includes(marker), { timeoutMs: 5000, what: `marker ${marker}` });
    expect(seen).not.toContain(topic);
    seen.length = 0;
  };

  beforeAll(async () => {
    creds.d1 = deviceCommand(registryFile, 'add', 'd1', '--role', 'detector');
    creds.c1 = deviceCommand(registryFile, 'add', 'c1', '--role', 'controller');
    creds.cab = deviceCommand(registryFile, 'add', 'cab', '--role', 'gateway', '--owns', 'd3,c3');
    creds.centre = deviceCommand(registryFile, 'add', 'centre', '--role', 'centre');
    creds.gone = deviceCommand(registryFile, 'add', 'gone', '--role', 'detector');
    deviceCommand(registryFile, 'revoke', 'gone');
    expect(deviceCommand(registryFile, 'export-mosquitto', '--passwords', passwordFile, '--acl', aclFile)).toMatchObject({ devices: 4 });
    await broker.start();
    watcher = await mqtt.connectAsync(broker.url, { clientId: `acl-watcher-${process.pid}`, username: 'centre', password: creds.centre.password, protocolVersion: 4, reconnectPeriod: 0 });
    watcher.on('message', (t) => seen.push(t));
    await watcher.subscribeAsync('arterial/v1/#', { qos: 1 });
  });

  afterAll(async () => {
    await watcher?.endAsync();
    await broker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses anonymous clients, wrong secrets and revoked devices', async () => {
    await expect(mosquittoPub(broker.url, 'arterial/v1/detectors/d1/measurement', '{}')).rejects.toThrow();
    await expect(mosquittoPub(broker.url, 'arterial/v1/detectors/d1/measurement', '{}', 1, { username: 'd1', password: 'wrong' })).rejects.toThrow();
    await expect(pubAs('gone', 'arterial/v1/detectors/gone/measurement')).rejects.toThrow();
  });

  it('delivers what each device may publish', async () => {
    await pubAs('d1', 'arterial/v1/detectors/d1/measurement');
    await pubAs('c1', 'arterial/v1/controllers/c1/plan/ack');
    await pubAs('cab', 'arterial/v1/detectors/d3/measurement');
    await pubAs('centre', 'arterial/v1/controllers/c1/plan');
    await waitFor(
      () => ['arterial/v1/detectors/d1/measurement', 'arterial/v1/controllers/c1/plan/ack', 'arterial/v1/detectors/d3/measurement', 'arterial/v1/controllers/c1/plan'].every((t) => seen.includes(t)),
      { timeoutMs: 5000, what: 'the allowed messages' },
    );
    seen.length = 0;
  });

  it("drops a detector's plan, another device's measurement and a gateway's message for a device it does not own", async () => {
    await expectDropped('d1', 'arterial/v1/controllers/c1/plan', 'arterial/v1/detectors/d1/measurement');
    await expectDropped('d1', 'arterial/v1/detectors/d2/measurement', 'arterial/v1/detectors/d1/measurement');
    await expectDropped('cab', 'arterial/v1/detectors/d1/measurement', 'arterial/v1/detectors/d3/measurement');
    await expectDropped('c1', 'arterial/v1/controllers/c1/plan', 'arterial/v1/controllers/c1/state');
  });

  it("keeps another controller's plan from a controller that subscribes to it", async () => {
    const c1 = await mqtt.connectAsync(broker.url, { clientId: `acl-c1-${process.pid}`, username: 'c1', password: creds.c1!.password, protocolVersion: 4, reconnectPeriod: 0 });
    const heard: string[] = [];
    c1.on('message', (t) => heard.push(t));
    try {
      await c1.subscribeAsync(['arterial/v1/controllers/c1/plan', 'arterial/v1/controllers/c2/plan'], { qos: 1 }).catch(() => undefined);
      await pubAs('centre', 'arterial/v1/controllers/c2/plan');
      await pubAs('centre', 'arterial/v1/controllers/c1/plan');
      await waitFor(() => heard.includes('arterial/v1/controllers/c1/plan'), { timeoutMs: 5000, what: "c1's own plan" });
      expect(heard).not.toContain('arterial/v1/controllers/c2/plan');
    } finally {
      await c1.endAsync();
    }
  });
});
