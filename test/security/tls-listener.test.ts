/**
 * The embedded broker's TLS listener with mutual TLS: certificates made at test time with openssl (a throwaway CA,
 * a server certificate for 127.0.0.1, client certificates whose CN names the device).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { HealthReport } from '@arterial/contracts/api/v1';
import type { RunningProcessor } from '@arterial/processor';
import { deviceCommand, type DeviceCredentials } from '../support/device-access';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

function openssl(cwd: string, ...args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? 'openssl is needed to make test certificates (apt-get install openssl)' : `openssl ${args[0]} failed: ${String(err)}`);
  }
}

/** A P-256 key and a certificate signed by the test CA; `san` for the server. */
function issue(cwd: string, name: string, cn: string, san?: string): void {
  openssl(cwd, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
  const ext = `${name}.ext`;
  fs.writeFileSync(path.join(cwd, ext), san ? `subjectAltName=${san}\n` : 'extendedKeyUsage=clientAuth\n');
  openssl(cwd, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', ext);
}

describe('TLS listener with client certificates', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arterial-tls-'));
  const file = (name: string) => fs.readFileSync(path.join(dir, name));
  const registryFile = path.join(dir, 'devices.json');
  const clients: MqttClient[] = [];
  let platform: TestPlatform;
  let processor: RunningProcessor;
  let tlsUrl = '';
  let centre: DeviceCredentials;
  let counter = 0;

  const connect = async (url: string, options: IClientOptions) => {
    const client = await mqtt.connectAsync(url, { clientId: `tls-${process.pid}-${++counter}`, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000, ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=arterial-test-ca');
    issue(dir, 'server', '127.0.0.1', 'IP:127.0.0.1');
    issue(dir, 'c1', 'c1');
    issue(dir, 'ghost', 'ghost');
    deviceCommand(registryFile, 'add', 'c1', '--role', 'controller');
    centre = deviceCommand(registryFile, 'add', 'centre', '--role', 'centre');
    platform = await createTestPlatform('tls');
    processor = await platform.startProcessor({
      env: {
        MQTT_ALLOW_ANONYMOUS: 'false',
        DEVICE_REGISTRY_FILE: registryFile,
        MQTT_TLS_PORT: '0',
        MQTT_TLS_CERT: path.join(dir, 'server.crt'),
        MQTT_TLS_KEY: path.join(dir, 'server.key'),
        MQTT_TLS_CA: path.join(dir, 'ca.crt'),
        MQTT_TLS_REQUIRE_CLIENT_CERT: 'true',
      },
    });
    const report = (await (await fetch(`${processor.httpUrl}/api/health`)).json()) as HealthReport;
    tlsUrl = `mqtts://127.0.0.1:${report.broker.embedded?.tlsPort ?? 0}`;
  });

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await platform?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("authenticates a device by its certificate's common name and applies its topic rules", async () => {
    const seen: string[] = [];
    const watcher = await connect(processor.mqttUrl, { username: centre.username, password: centre.password });
    watcher.on('message', (t) => seen.push(t));
    await watcher.subscribeAsync('arterial/v1/#', { qos: 1 });

    const c1 = await connect(tlsUrl, { ca: file('ca.crt'), cert: file('c1.crt'), key: file('c1.key') });
    await c1.publishAsync('arterial/v1/controllers/c1/status', '{}', { qos: 1 });
    await waitFor(() => seen.includes('arterial/v1/controllers/c1/status'), { timeoutMs: 5000, what: 'the status sent over TLS' });

    const closed = new Promise<void>((resolve) => c1.once('close', () => resolve()));
    c1.publish('arterial/v1/controllers/c1/plan', '{}', { qos: 1 });
    await closed;
    expect(seen).not.toContain('arterial/v1/controllers/c1/plan');
  });

  it('refuses a certificate naming no registered device, a client without a certificate, and an untrusted server name', async () => {
    await expect(connect(tlsUrl, { ca: file('ca.crt'), cert: file('ghost.crt'), key: file('ghost.key') })).rejects.toThrow(/Bad username or password/i);
    await expect(connect(tlsUrl, { ca: file('ca.crt') })).rejects.toThrow();
    await expect(connect(tlsUrl, { cert: file('c1.crt'), key: file('c1.key') })).rejects.toThrow(/self.signed|unable to (verify|get)/i);
  });
});
