/**
 * Shared ingest behind Debian's mosquitto 2 (MQTT 5 shared subscriptions): two processors in one group each store a
 * share of the device stream, together every message exactly once; both keep the whole network's live state (the
 * plain QoS 0 subscription); a message published while one instance is away is stored after all.
 */
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import { LiveStateService, type RunningProcessor } from '@arterial/processor';
import mqtt from 'mqtt';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

describe('shared ingest (MQTT_SHARED_GROUP)', () => {
  let platform: TestPlatform;
  let mosquitto: MosquittoBroker;
  let device: mqtt.MqttClient;

  beforeAll(async () => {
    mosquitto = new MosquittoBroker();
    [platform] = await Promise.all([createTestPlatform('shared'), mosquitto.start()]);
    device = await mqtt.connectAsync(mosquitto.url, { clientId: 'shared-test-fleet' });
  });

  afterAll(async () => {
    await device?.endAsync();
    await platform?.dispose();
    await mosquitto?.dispose();
  });

  const start = (instance: string) =>
    platform.startProcessor({ env: { MQTT_URL: mosquitto.url, MQTT_SHARED_GROUP: 'arterial', INSTANCE_ID: instance, API_ALLOW_ANONYMOUS: 'true' }, config: { mqttClientId: `shared-${instance}` } });
  const accepted = async (p: RunningProcessor): Promise<number> => {
    const body = (await (await fetch(`${p.httpUrl}/api/health`)).json()) as { counters: Record<string, number> };
    return body.counters['ingest.accepted'] ?? 0;
  };
  const t0 = Date.now() - 60_000;
  const publish = async (fromSeq: number, toSeq: number): Promise<void> => {
    for (let seq = fromSeq; seq <= toSeq; seq += 1) {
      const detectorId = `sh-det-${seq % 10}`;
      const payload = { ts: t0 + seq, seq, intervalS: 10, volume: seq % 50, occupancyPct: 5, health: 'ok' };
      await device.publishAsync(buildTopic('measurement', detectorId), JSON.stringify(payload), { qos: 1 });
    }
  };
  const storedPoints = async (): Promise<number> => {
    const res = await platform.influx.query(`SELECT count(volume) FROM detector_measurement WHERE detectorId =~ /^sh-det-/`, platform.influxDb);
    return Number(res.results?.[0]?.series?.[0]?.values[0]?.[1] ?? 0);
  };

  it('splits storage between the instances, every message once, while both keep the whole live state', async () => {
    const a = await start('a');
    let b = await start('b');
    try {
      await publish(1, 200);
      await waitFor(async () => (await accepted(a)) + (await accepted(b)) >= 200, { timeoutMs: 20_000, what: '200 messages accepted between the two' });
      const [countA, countB] = [await accepted(a), await accepted(b)];
      expect(countA + countB).toBe(200);
      expect(countA).toBeGreaterThan(20);
      expect(countB).toBeGreaterThan(20);
      // Live view: both instances know every detector's latest measurement, whichever instance stored it.
      for (const p of [a, b]) {
        const live = p.app.get(LiveStateService);
        await waitFor(() => live.allDetectors().filter((d) => d.id.startsWith('sh-det-')).length === 10, { timeoutMs: 5000, what: 'live state of 10 detectors' });
        expect(live.detector('sh-det-0')?.ts).toBe(t0 + 200);
      }

      // b stops; what is published meanwhile is stored by a, or by b from its persistent session once it is back.
      await b.close();
      await publish(201, 300);
      b = await start('b');
      await waitFor(async () => (await accepted(a)) + (await accepted(b)) - countA >= 100, { timeoutMs: 20_000, what: '100 more messages accepted' });
      await waitFor(async () => (await storedPoints()) >= 300, { timeoutMs: 20_000, what: '300 points in InfluxDB' });
      expect(await storedPoints()).toBe(300);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
