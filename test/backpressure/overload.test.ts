/**
 * Back-pressure under overload (issue 9 item 4, docs/operations.md "Back-pressure"): raw MQTT clients flood the
 * embedded broker far beyond what the processor can take, QoS 0 and QoS 1, for a few seconds. Memory must stay
 * bounded, health must say `degraded` (input paused, QoS 0 shed) during the flood and `ok` after it, a
 * well-behaved device's QoS 1 messages must all be acknowledged and stored, and nothing may crash.
 * The store queue's water marks are set low so the flood passes them on any machine.
 */
import type { HealthReport, ReadinessReport } from '@arterial/contracts/api/v1';
import { buildTopic } from '@arterial/contracts/mqtt/v1';
import mqtt from 'mqtt';
import type { RunningProcessor } from '@arterial/processor';
import { mib, RssSampler, settledMemory } from '../fuzz/memory-gauge';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';
import { FloodClient } from './flood-client';

const FLOOD_MS = 6000;
const RSS_GROWTH_LIMIT_MIB = 150;
const HIGH_WATER_LINES = 1000;
/**
 * How far past its high mark the store queue may go: the gate looks again every 256 publishes while open, and
 * publishes already admitted count at once (in flight in the WAL), so a burst overshoots by less than one such
 * stride; held publishes go on only as far as the queue has room.
 */
const STORE_QUEUE_OVERSHOOT_LINES = 2 * 256;

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

async function storedSeqs(platform: TestPlatform, detectorId: string): Promise<number> {
  const q = encodeURIComponent(`SELECT count("seq") FROM "detector_measurement" WHERE "detectorId" = '${detectorId}'`);
  const body = await getJson<{ results: { series?: { values: [string, number][] }[] }[] }>(`${platform.influx.url}/query?db=${platform.influxDb}&q=${q}`);
  return body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
}

describe('back-pressure under overload', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;

  beforeAll(async () => {
    platform = await createTestPlatform('overload');
    processor = await platform.startProcessor({
      config: { backpressure: { storeQueue: { high: { messages: HIGH_WATER_LINES, bytes: Infinity }, low: { messages: 200, bytes: Infinity } }, sampleMs: 10 } },
    });
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  it('pauses and sheds while flooded, keeps memory bounded and well-behaved devices served, then recovers', async () => {
    const port = Number(new URL(processor.mqttUrl).port);
    await waitFor(async () => (await getJson<HealthReport>(`${processor.httpUrl}/api/health`)).status === 'ok', { timeoutMs: 20_000, what: 'health ok before the flood' });
    const baseline = await settledMemory();
    const sampler = new RssSampler();
    sampler.start(50);

    // The well-behaved device: one QoS 1 measurement every 100 ms throughout.
    const calmId = 'calm-det-1';
    const calm = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'calm-device', clean: true, reconnectPeriod: 0 });
    let published = 0;
    const acked = new Set<number>();
    const calmTimer = setInterval(() => {
      const seq = published++;
      const payload = JSON.stringify({ ts: Date.now(), seq, intervalS: 1, volume: 1, occupancyPct: 5, speedKph: 50, health: 'ok' });
      calm.publish(buildTopic('measurement', calmId), payload, { qos: 1 }, (err) => err || acked.add(seq));
    }, 100);

    const floods = await Promise.all([
      ...[0, 1].map((i) => FloodClient.connect({ port, clientId: `flood-q1-${i}`, qos: 1, devices: 500, chunk: 500 })),
      ...[0, 1].map((i) => FloodClient.connect({ port, clientId: `flood-q0-${i}`, qos: 0, devices: 500, chunk: 500 })),
    ]);
    const flooding = floods.map((f) => f.run());

    const seen: { health: HealthReport; ready: ReadinessReport }[] = [];
    const poll = async () => {
      const [health, ready] = await Promise.all([getJson<HealthReport>(`${processor.httpUrl}/api/health`), getJson<ReadinessReport>(`${processor.httpUrl}/api/health/ready`)]);
      seen.push({ health, ready });
    };
    const pollTimer = setInterval(() => void poll().catch(() => undefined), 50);
    let peakStoreQueue = 0;
    const queueTimer = setInterval(() => {
      const h = processor.store.health();
      peakStoreQueue = Math.max(peakStoreQueue, h.pendingRecords - h.spool.records);
    }, 20);
    await new Promise((resolve) => setTimeout(resolve, FLOOD_MS));
    for (const f of floods) f.stop();
    await Promise.all(flooding);
    clearInterval(pollTimer);
    clearInterval(queueTimer);
    clearInterval(calmTimer);
    process.stderr.write(`[overload] ${seen.length} health readings during the flood; store queue peaked at ${peakStoreQueue} lines\n`);

    expect(peakStoreQueue).toBeLessThanOrEqual(HIGH_WATER_LINES + STORE_QUEUE_OVERSHOOT_LINES);

    const paused = seen.filter(({ health }) => health.backpressure?.state === 'paused');
    expect(paused.length).toBeGreaterThan(0);
    for (const { health } of paused) {
      expect(health.status).toBe('degraded');
      expect(health.backpressure?.reason).toContain('store write queue');
    }
    expect(seen.some(({ ready }) => ready.ready && (ready.degraded ?? '').includes('back-pressure'))).toBe(true);
    expect(seen.every(({ health }) => health.status !== 'down')).toBe(true);

    // Recovers: flowing again and ok, with the shedding and the pauses on record.
    const after = await waitFor(
      async () => {
        const health = await getJson<HealthReport>(`${processor.httpUrl}/api/health`);
        return health.status === 'ok' ? health : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'health ok after the flood' },
    );
    expect(after.backpressure).toMatchObject({ state: 'flowing', reason: null, heldMessages: 0 });
    expect(after.backpressure?.shedMessages).toBeGreaterThan(0);
    expect(after.backpressure?.pausedSeconds).toBeGreaterThan(0);
    const metrics = await (await fetch(`${processor.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^arterial_ingest_shed_messages_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^arterial_ingest_paused_seconds_total \d/m);

    // Every message of the well-behaved device is acknowledged and stored.
    expect(published).toBeGreaterThan(0);
    await waitFor(() => acked.size === published, { timeoutMs: 30_000, intervalMs: 50, what: 'the calm device’s PUBACKs' });
    await calm.endAsync();
    await processor.store.flush();
    await waitFor(async () => (await storedSeqs(platform, calmId)) === published, { timeoutMs: 20_000, intervalMs: 200, what: 'the calm device’s messages stored' });

    sampler.stop();
    const growthMib = mib(sampler.peakRssBytes - baseline.rssBytes);
    process.stderr.write(
      `[overload] flooded ${floods.reduce((n, f) => n + f.sent, 0)} messages in ${FLOOD_MS} ms; shed ${after.backpressure?.shedMessages}, paused ${after.backpressure?.pausedSeconds.toFixed(2)} s in ${after.backpressure?.pauses} pauses; RSS ${mib(baseline.rssBytes)} → peak ${mib(sampler.peakRssBytes)} MiB (+${growthMib}); calm device ${published} acked and stored\n`,
    );
    expect(growthMib).toBeLessThan(RSS_GROWTH_LIMIT_MIB);
  }, 90_000);
});
