/**
 * The device listener as production runs it, for the load benchmarks (bench:load, bench:ingest): TLS with a throwaway
 * CA and server certificate (openssl) and device authentication with a registry holding one gateway that owns the
 * benchmark's device ids, all in the given temporary folder.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDeviceCommand } from '@arterial/processor';

export interface BenchDeviceSecurity {
  /** Processor environment: TLS listener on `tlsPort`, anonymous devices refused, the registry. */
  processorEnv: Record<string, string>;
  /** The CA for the devices' NODE_EXTRA_CA_CERTS. */
  caFile: string;
  username: string;
  password: string;
}

/** A CA and a server certificate for 127.0.0.1 signed by it, valid one day (P-256: quick to make and to handshake). */
export function makeBenchCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1', '-subj', '/CN=arterial-bench-ca');
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '1', '-extfile', file('server.ext'));
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

export function benchDeviceSecurity(dir: string, gatewayName: string, owns: readonly string[], tlsPort: number): BenchDeviceSecurity {
  const certs = makeBenchCertificates(dir);
  const registryFile = path.join(dir, 'devices.json');
  const added = runDeviceCommand({ command: 'add', name: gatewayName, role: 'gateway', owns: [...owns], ownsNetwork: undefined }, { registryFile, nowMs: Date.now() });
  const { username, password } = JSON.parse(added[added.length - 1] as string) as { username: string; password: string };
  return {
    processorEnv: { MQTT_ALLOW_ANONYMOUS: 'false', DEVICE_REGISTRY_FILE: registryFile, MQTT_TLS_PORT: String(tlsPort), MQTT_TLS_CERT: certs.cert, MQTT_TLS_KEY: certs.key },
    caFile: certs.ca,
    username,
    password,
  };
}
