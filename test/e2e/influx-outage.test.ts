/**
 * InfluxDB stopped for 30 s under load, then restarted: every accepted message (counted by seq) ends up
 * stored exactly once. Devices are real MQTT clients (mqtt.js, and Debian's mosquitto_pub) talking to the
 * embedded aedes broker; the database is a real private InfluxDB 1.6.7.
 */
import mqtt from 'mqtt';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import type { RunningProcessor } from '@arterial/processor';
import type { InfluxServer } from '../support/influx-server';
import { mosquittoPub } from '../support/mosquitto-cli';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';
import type { HealthReport as Health } from '@arterial/contracts/api/v1';

const OUTAGE_MS = 30_000;
const DETECTORS = ['out-a', 'out-b', 'out-c', 'out-d'];


describe('InfluxDB outage under load', () => {
  let platform: TestPlatform;
  let influx: InfluxServer;
  let processor: RunningProcessor;

  beforeAll(async () => {
    platform = await createTestPlatform('outage');
    influx = platform.influx;
    processor = await platform.startProcessor();
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  const health = async (): Promise<Health> => (await (await fetch(`${processor.httpUrl}/api/health`)).json()) as Health;

  it('stores every accepted message exactly once across a 30 s outage', async () => {
    await waitFor(async () => (await health()).storage.reachable, { timeoutMs: 15_000, what: 'storage reachable' });
    const device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'outage-devices', clean: true });
    const sentBySeq = new Map<string, number>(DETECTORS.map((d) => [d, 0]));
    const startTs = Date.now();
    let stop = false;
    let publishes: Promise<unknown>[] = [];

    // ~200 msg/s over four detectors, one ms apart in ts so no two points of a detector collide.
    const load = (async () => {
      let tick = 0;
      while (!stop) {
        for (const id of DETECTORS) {
          const seq = sentBySeq.get(id) as number;
          sentBySeq.set(id, seq + 1);
          const payload = { ts: startTs + tick, seq, intervalS: 1, volume: 1 + (seq % 5), occupancyPct: 10, speedKph: 40, health: 'ok' };
          publishes.push(device.publishAsync(buildTopic('measurement', id), JSON.stringify(payload), { qos: 1 }));
        }
        tick += 1;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // Debian's mosquitto_pub as a second, independent device, once a second throughout.
    let mosquittoSeq = 0;
    const mosquittoLoad = (async () => {
      while (!stop) {
        const seq = mosquittoSeq;
        mosquittoSeq += 1;
        await mosquittoPub(processor.mqttUrl, buildTopic('measurement', 'out-mosq'), JSON.stringify({ ts: startTs + seq * 1000, seq, intervalS: 1, volume: 2, occupancyPct: 5, health: 'ok' }));
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    await new Promise((r) => setTimeout(r, 4000));
    await influx.stop();
    const outageSamples: Health[] = [];
    const outageEnd = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnd) {
      outageSamples.push(await health());
      await new Promise((r) => setTimeout(r, 2000));
    }
    await influx.start();
    await new Promise((r) => setTimeout(r, 4000));
    stop = true;
    await Promise.all([load, mosquittoLoad]);
    await Promise.all(publishes);
    publishes = [];
    await device.endAsync();

    const expected = new Map(sentBySeq);
    expected.set('out-mosq', mosquittoSeq);
    const totalSent = [...expected.values()].reduce((a, b) => a + b, 0);

    // During the outage the processor kept serving, reported storage unreachable, and spooled.
    expect(outageSamples.every((h) => h.status === 'degraded' || h.status === 'ok')).toBe(true);
    expect(outageSamples.some((h) => !h.storage.reachable)).toBe(true);
    expect(outageSamples.some((h) => h.storage.spool.records > 0)).toBe(true);

    await waitFor(async () => {
      const h = await health();
      return h.storage.reachable && h.storage.pendingRecords === 0 && h.storage.spool.records === 0 && (h.counters['ingest.accepted'] ?? 0) >= totalSent;
    }, { timeoutMs: 60_000, intervalMs: 250, what: 'spool drained' });
    expect((await health()).counters['ingest.accepted']).toBe(totalSent);

    for (const [id, count] of expected) {
      const rows = await influx.scalar(`SELECT count("seq") FROM "detector_measurement" WHERE "detectorId" = '${id}'`, platform.influxDb);
      const distinct = await influx.scalar(`SELECT count(distinct("seq")) FROM "detector_measurement" WHERE "detectorId" = '${id}'`, platform.influxDb);
      const maxSeq = await influx.scalar(`SELECT max("seq") FROM "detector_measurement" WHERE "detectorId" = '${id}'`, platform.influxDb);
      expect({ id, rows, distinct, maxSeq }).toEqual({ id, rows: count, distinct: count, maxSeq: count - 1 });
    }
  });
});
