/**
 * With MQTT_URL set, the processor uses an external broker (Debian's mosquitto here) instead of the
 * embedded one, with a persistent QoS 1 session: messages published while it is down arrive after it returns.
 */
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import type { RunningProcessor } from '@arterial/processor';
import { MosquittoBroker } from '../support/mosquitto-broker';
import { mosquittoPub } from '../support/mosquitto-cli';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

describe('external broker (MQTT_URL)', () => {
  let platform: TestPlatform;
  let mosquitto: MosquittoBroker;

  beforeAll(async () => {
    mosquitto = new MosquittoBroker();
    [platform] = await Promise.all([createTestPlatform('ext'), mosquitto.start()]);
  });

  afterAll(async () => {
    await platform?.dispose();
    await mosquitto?.dispose();
  });

  const start = () => platform.startProcessor({ env: { MQTT_URL: mosquitto.url } });

  const accepted = async (p: RunningProcessor) => {
    const res = await fetch(`${p.httpUrl}/api/health`);
    const body = (await res.json()) as { counters: Record<string, number>; broker: { mode: string } };
    return body;
  };

  it('connects to mosquitto and resumes its persistent session after a restart', async () => {
    let processor = await start();
    try {
      const health = await accepted(processor);
      expect(health.broker.mode).toBe('external');
      const topic = buildTopic('measurement', 'ext-det-1');
      const now = Date.now();
      await mosquittoPub(mosquitto.url, topic, JSON.stringify({ ts: now - 2000, seq: 1, intervalS: 10, volume: 5, occupancyPct: 7, health: 'ok' }));
      await waitFor(async () => ((await accepted(processor)).counters['ingest.accepted'] ?? 0) >= 1, { timeoutMs: 5000, what: 'first message' });

      await processor.close();
      // Published while the processor is away: mosquitto queues them for its persistent QoS 1 session.
      for (let seq = 2; seq <= 6; seq += 1) {
        await mosquittoPub(mosquitto.url, topic, JSON.stringify({ ts: now - 2000 + seq, seq, intervalS: 10, volume: seq, occupancyPct: 7, health: 'ok' }));
      }
      processor = await start();
      await waitFor(async () => ((await accepted(processor)).counters['ingest.accepted'] ?? 0) >= 5, { timeoutMs: 10_000, what: 'queued messages after restart' });
    } finally {
      await processor.close();
    }
  });
});
