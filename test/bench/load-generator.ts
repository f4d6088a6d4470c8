/**
 * Loopback load generator: publishes contract-valid detector measurements at a fixed rate over several
 * real MQTT connections (QoS 1). Each payload's ts is its publish time, so /ws latency is now − ts.
 * Usage: node load-generator.js --url mqtt://127.0.0.1:1883 --rate 5000 --seconds 15 --devices 5000
 * [--username U --password P] (device credentials; an mqtts:// URL trusts the CA in NODE_EXTRA_CA_CERTS)
 * [--acked-file F] (writes {detectorId: [seq, …]} of every PUBACKed message, for the lost-acknowledged check)
 * Prints one JSON line with what it sent when done. Only ever targets the given (loopback) URL.
 */
import * as fs from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { buildTopic } from '@arterial/contracts/mqtt/v1';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const url = arg('url', 'mqtt://127.0.0.1:1883');
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') throw new Error(`load generator only targets loopback, got ${host}`);
  const rate = Number(arg('rate', '5000'));
  const seconds = Number(arg('seconds', '15'));
  const devices = Number(arg('devices', String(rate)));
  const connections = Number(arg('connections', '8'));
  const prefix = arg('prefix', 'bench');
  const username = arg('username', '') || undefined;
  const password = arg('password', '') || undefined;
  const ackedFile = arg('acked-file', '') || undefined;

  const clients: MqttClient[] = await Promise.all(
    Array.from({ length: connections }, (_, i) => mqtt.connectAsync(url, { clientId: `${prefix}-gen-${process.pid}-${i}`, clean: true, reconnectPeriod: 0, username, password })),
  );
  const topics = Array.from({ length: devices }, (_, d) => buildTopic('measurement', `${prefix}-det-${d}`));
  const seqs = new Uint32Array(devices);
  const ackedSeqs: number[][] | undefined = ackedFile ? Array.from({ length: devices }, () => []) : undefined;
  let sent = 0;
  let acked = 0;
  let next = 0;
  const started = Date.now();
  const sliceMs = 10;
  let lastReport = started;

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up to the schedule rather than drift: send what the rate says should be out by now.
      const due = Math.floor((elapsed / 1000) * rate) - sent;
      for (let i = 0; i < due; i += 1) {
        const d = next;
        next = (next + 1) % devices;
        const seq = seqs[d] ?? 0;
        seqs[d] = seq + 1;
        const payload = `{"ts":${Date.now()},"seq":${seq},"intervalS":1,"volume":${seq % 3},"occupancyPct":${(seq % 40) + 0.5},"speedKph":48.5,"health":"ok"}`;
        const client = clients[d % connections] as MqttClient;
        client.publish(topics[d] as string, payload, { qos: 1 }, (err) => {
          if (err) return;
          acked += 1;
          ackedSeqs?.[d]?.push(seq);
        });
        sent += 1;
      }
      if (Date.now() - lastReport >= 5000) {
        lastReport = Date.now();
        process.stderr.write(`[load] ${((Date.now() - started) / 1000).toFixed(0)}s sent=${sent} acked=${acked}\n`);
      }
    }, sliceMs);
  });
  // Wait (bounded) for the broker to acknowledge everything.
  const deadline = Date.now() + 30_000;
  while (acked < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const durationS = (Date.now() - started) / 1000;
  // Force the close when acknowledgements are still missing: a graceful end would wait for every one of them.
  await Promise.all(clients.map((c) => c.endAsync(acked < sent)));
  if (ackedFile && ackedSeqs) fs.writeFileSync(ackedFile, JSON.stringify(Object.fromEntries(ackedSeqs.map((list, d) => [`${prefix}-det-${d}`, list]))));
  process.stdout.write(`${JSON.stringify({ sent, acked, durationS })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
