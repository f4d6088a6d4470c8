/**
 * The device fleet of `bench:load`, in its own process: the fleet of @arterial/device-fleet over MQTT with TLS and a
 * registered gateway's credentials (the fleet CLI speaks plain mqtt:// only), recording every PUBACK: its latency and
 * the (detector, seq) it acknowledged, so the bench can count acknowledged messages missing from the store.
 * Trusts the bench's throwaway CA through NODE_EXTRA_CA_CERTS. Only ever targets loopback.
 * Usage: node load-fleet.js --url mqtts://127.0.0.1:PORT --username U --password P --intersections N
 *   --detectors-per-intersection N --state-hz HZ --measurement-interval S --seconds S --ramp-per-second N --acked-file FILE
 * Progress on stderr; the last stdout line is JSON.
 */
import * as fs from 'node:fs';
import { MqttDeviceTransport, type ConnectionEvents, type ConnectionSpec, type DeviceConnection, type DeviceTransport, type PublishDone, type WireMessage } from '@arterial/device-kit';
import { assertLoopbackUrl, DeviceFleet, planFromCounts } from '@arterial/device-fleet';
import { numberArg, percentile } from './bench-support';

function stringArg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}

const MEASUREMENT_TOPIC = /^arterial\/v1\/detectors\/([^/]+)\/measurement$/;

/** What the fleet got acknowledged, and how long each PUBACK took. */
class AckLedger {
  readonly seqsByDetector = new Map<string, number[]>();
  readonly latenciesMs: number[] = [];
  acked = 0;

  record(message: WireMessage, sentAt: number): void {
    this.acked += 1;
    this.latenciesMs.push(performance.now() - sentAt);
    const detector = MEASUREMENT_TOPIC.exec(message.topic)?.[1];
    if (detector === undefined) return;
    const seq = (JSON.parse(message.payload) as { seq: number }).seq;
    let seqs = this.seqsByDetector.get(detector);
    if (!seqs) this.seqsByDetector.set(detector, (seqs = []));
    seqs.push(seq);
  }
}

/** The device kit's MQTT transport, with every QoS 1 publish's PUBACK recorded in the ledger. */
class RecordingTransport implements DeviceTransport {
  constructor(
    private readonly inner: DeviceTransport,
    private readonly ledger: AckLedger,
  ) {}

  create(spec: ConnectionSpec, events: ConnectionEvents): DeviceConnection {
    const connection = this.inner.create(spec, events);
    const ledger = this.ledger;
    return {
      get connected() {
        return connection.connected;
      },
      connect: () => connection.connect(),
      end: (timeoutMs) => connection.end(timeoutMs),
      destroy: () => connection.destroy(),
      publish(message: WireMessage, done?: PublishDone) {
        if (message.qos !== 1) return connection.publish(message, done);
        const sentAt = performance.now();
        connection.publish(message, (error) => {
          if (!error) ledger.record(message, sentAt);
          done?.(error);
        });
      },
    };
  }
}

async function main(): Promise<void> {
  const url = stringArg('url');
  // The loopback guard speaks mqtt://; the same host rule holds for mqtts://.
  assertLoopbackUrl(url.replace(/^mqtts:/, 'mqtt:'));
  const ledger = new AckLedger();
  const transport = new RecordingTransport(new MqttDeviceTransport({ url, username: stringArg('username'), password: stringArg('password'), connectTimeoutMs: 30_000 }), ledger);
  const fleet = new DeviceFleet({
    plan: planFromCounts({ intersections: numberArg('intersections', 2000), detectorsPerIntersection: numberArg('detectors-per-intersection', 8), idPrefix: stringArg('id-prefix') }),
    transport,
    stateHz: numberArg('state-hz', 1),
    measurementIntervalS: numberArg('measurement-interval', 10),
    durationS: numberArg('seconds', 60),
    rampPerSecond: numberArg('ramp-per-second', 500),
    clientIdPrefix: stringArg('id-prefix'),
  });
  const progress = setInterval(() => {
    const s = fleet.stats();
    process.stderr.write(`[load-fleet] ${(s.elapsedMs / 1000).toFixed(0)}s connected=${s.connected}/${s.connections} published state=${s.published.state} measurement=${s.published.measurement} status=${s.published.status} acked=${ledger.acked} errors=${s.publishErrors} connectFailures=${s.connectFailures} skipped=${s.skippedOffline} slips=${s.scheduleSlips}\n`);
  }, numberArg('progress-seconds', 10) * 1000);
  void fleet.whenAllConnected().then(() => {
    const s = fleet.stats();
    process.stderr.write(`[load-fleet] all connections up after ${((s.allConnectedAfterMs ?? 0) / 1000).toFixed(1)} s; published=${s.published.state + s.published.measurement}\n`);
  });
  process.once('SIGTERM', () => void fleet.stop());
  const summary = await fleet.start();
  clearInterval(progress);
  fs.writeFileSync(stringArg('acked-file'), JSON.stringify(Object.fromEntries(ledger.seqsByDetector)));
  const latencies = ledger.latenciesMs.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ ...summary, acked: ledger.acked, pubackP50Ms: percentile(latencies, 50), pubackP99Ms: percentile(latencies, 99) })}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exit(1);
  });
