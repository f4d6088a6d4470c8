/**
 * The backbone end to end, with real components only: Debian's mosquitto_pub/sub as device peers,
 * the embedded aedes broker over TCP, the NestJS processor, a private InfluxDB 1.6.7, and /ws.
 */
import mqtt from 'mqtt';
import { CENTRE_SUBSCRIPTIONS, type DetectorMeasurement } from '@arterial/contracts/mqtt/v1';
import { loadVectors, type ContractVector } from '@arterial/contracts/testing';
import type { RunningProcessor } from '@arterial/processor';
import { LiveFeedClient } from '../support/live-feed-client';
import { MosquittoSub, mosquittoPub } from '../support/mosquitto-cli';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';
import type { HealthReport as Health } from '@arterial/contracts/api/v1';

/** MQTT topic-filter matching (+ and # wildcards), to know which vectors the centre's subscriptions receive. */
function matchesFilter(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

const vectors = loadVectors();
const vectorsOf = (validity: ContractVector['validity'], kind: ContractVector['kind']) => vectors.filter((v) => v.validity === validity && v.kind === kind);
const text = (v: ContractVector) => Buffer.from(v.payload).toString('utf8');


describe('platform end to end', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;

  beforeAll(async () => {
    platform = await createTestPlatform('e2e');
    processor = await platform.startProcessor();
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  const getJson = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${processor.httpUrl}${p}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('reports ok health with broker, storage and counters', async () => {
    const health = await waitFor(async () => {
      const h = await getJson<Health & { broker: { connected: boolean }; storage: { reachable: boolean } }>('/api/health');
      return h.status === 'ok' ? h : undefined;
    }, { timeoutMs: 15_000, what: 'health ok' });
    expect(health.broker.connected).toBe(true);
    expect(health.storage.reachable).toBe(true);
    expect(health.counters).toMatchObject({ 'ingest.accepted': expect.any(Number), 'ingest.rejected': expect.any(Number) });
  });

  it('serves the network model as GeoJSON', async () => {
    const network = await getJson<{ type: string; features: Array<{ properties: { kind: string } }> }>('/api/network');
    expect(network.type).toBe('FeatureCollection');
    expect(network.features.filter((f) => f.properties.kind === 'intersection').length).toBeGreaterThanOrEqual(30);
  });

  it('describes an intersection with its phases and answers clear errors for bad queries', async () => {
    const network = await getJson<{ features: Array<{ properties: { kind: string; id: string } }> }>('/api/network');
    const id = network.features.find((f) => f.properties.kind === 'intersection')?.properties.id as string;
    const intersection = await getJson<{ id: string; phases: unknown[]; conflicts: unknown[]; live: { id: string } | null }>(`/api/intersections/${id}`);
    expect(intersection.id).toBe(id);
    expect(intersection.phases.length).toBeGreaterThanOrEqual(2);
    expect(intersection.conflicts.length).toBeGreaterThan(0);
    expect((await fetch(`${processor.httpUrl}/api/intersections/no-such-junction`)).status).toBe(404);
    const backwards = await fetch(`${processor.httpUrl}/api/detectors/d1/series?from=2000&to=1000`);
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { message: string }).message).toMatch(/before/);
    expect((await fetch(`${processor.httpUrl}/api/detectors/d1/series?from=0&to=${Date.now()}&step=1`)).status).toBe(400);
  });

  it('a valid vector published with mosquitto_pub reaches the REST history and /ws within 1 s', async () => {
    const vector = vectorsOf('valid', 'measurement')[0];
    if (!vector) throw new Error('no valid measurement vector');
    // The vector's shape, stamped with the current time so it falls inside the 7-day raw retention.
    const sentAt = Date.now();
    const payload = { ...(JSON.parse(text(vector)) as DetectorMeasurement), ts: sentAt, seq: 1 };
    const detectorId = vector.topic.split('/')[3] as string;
    const feed = await LiveFeedClient.connect(processor.wsUrl);
    try {
      await waitFor(() => feed.messages.some((m) => m.message.type === 'snapshot'), { timeoutMs: 2000, what: 'snapshot' });
      await mosquittoPub(processor.mqttUrl, vector.topic, JSON.stringify(payload));

      const seenOnWs = await waitFor(
        () => feed.messages.find((m) => m.message.type === 'delta' && m.message.detectors.some((d) => d.id === detectorId && d.ts === sentAt)),
        { timeoutMs: 3000, what: `detector ${detectorId} on /ws` },
      );
      expect(seenOnWs.at - sentAt).toBeLessThan(1000);

      const stored = await waitFor(async () => {
        const body = await getJson<{ points: Array<{ volume: number; samples: number }> }>(
          `/api/detectors/${detectorId}/series?from=${sentAt - 60_000}&to=${sentAt + 60_000}&step=60`,
        );
        return body.points.length > 0 ? body.points : undefined;
      }, { timeoutMs: 3000, what: 'stored measurement' });
      expect(Date.now() - sentAt).toBeLessThan(3000);
      expect(stored.reduce((sum, p) => sum + p.volume, 0)).toBe(payload.volume);
    } finally {
      feed.close();
    }
  });

  it('rejects an invalid vector with its reason, dead-letters it and keeps serving', async () => {
    const before = (await getJson<Health>('/api/health')).counters['ingest.rejected'] ?? 0;
    const vector = vectorsOf('invalid', 'measurement').find((v) => !v.expect.ok && v.expect.reason === 'schema');
    if (!vector) throw new Error('no schema-invalid measurement vector');
    await mosquittoPub(processor.mqttUrl, vector.topic, Buffer.from(vector.payload));
    await waitFor(async () => ((await getJson<Health>('/api/health')).counters['ingest.rejected'] ?? 0) > before, { timeoutMs: 3000, what: 'rejected counter' });

    const dead = await waitFor(async () => {
      const body = await getJson<{ deadLetters: Array<{ topic: string; reason: string; detail: string }> }>('/api/dead-letters');
      return body.deadLetters.find((d) => d.topic === vector.topic);
    }, { timeoutMs: 3000, what: 'dead letter' });
    expect(dead.reason).toBe('schema');
    expect(dead.detail.length).toBeGreaterThan(0);
    expect((await getJson<Health>('/api/health')).status).toBe('ok');
  });

  it('rejects every invalid vector of every kind without stalling valid traffic', async () => {
    const kinds = ['measurement', 'state', 'status', 'plan-ack'];
    const before = (await getJson<Health>('/api/health')).counters;
    let sentInvalid = 0;
    for (const kind of kinds) {
      for (const vector of vectorsOf('invalid', kind as ContractVector['kind'])) {
        // Vectors whose topic is outside the centre's subscriptions never reach it; the broker drops them.
        // Topics with wildcards cannot be published at all (MQTT forbids them), so the broker refuses them first.
        if (vector.expect.ok || /[+#]/.test(vector.topic) || !CENTRE_SUBSCRIPTIONS.some((f) => matchesFilter(f, vector.topic))) continue;
        // Clock-relative vectors are judged against their own nowMs; live, the centre's clock decides.
        if (vector.expect.reason === 'future-timestamp') continue;
        await mosquittoPub(processor.mqttUrl, vector.topic, Buffer.from(vector.payload));
        sentInvalid += 1;
      }
    }
    // The far-future rule, re-timed against the live centre's clock.
    await mosquittoPub(processor.mqttUrl, 'arterial/v1/detectors/future-det/measurement', JSON.stringify({ ts: Date.now() + 3600_000, seq: 1, intervalS: 10, volume: 3, occupancyPct: 4.5, health: 'ok' }));
    sentInvalid += 1;
    const now = Date.now();
    await mosquittoPub(processor.mqttUrl, 'arterial/v1/detectors/after-bad-input/measurement', JSON.stringify({ ts: now, seq: 7, intervalS: 10, volume: 3, occupancyPct: 4.5, health: 'ok' }));
    const after = await waitFor(async () => {
      const h = await getJson<Health>('/api/health');
      return (h.counters['ingest.accepted'] ?? 0) > (before['ingest.accepted'] ?? 0) ? h : undefined;
    }, { timeoutMs: 5000, what: 'valid message after bad input' });
    expect(sentInvalid).toBeGreaterThanOrEqual(30);
    // MQTT keeps per-connection order, but each mosquitto_pub is its own connection: wait for all to land.
    const settled = await waitFor(async () => {
      const h = await getJson<Health>('/api/health');
      return (h.counters['ingest.rejected'] ?? 0) - (before['ingest.rejected'] ?? 0) >= sentInvalid ? h : undefined;
    }, { timeoutMs: 5000, what: `${sentInvalid} rejections` });
    expect((settled.counters['ingest.rejected'] ?? 0) - (before['ingest.rejected'] ?? 0)).toBe(sentInvalid);
    expect(after.status).toBe('ok');
  });

  it('coalesces a burst for one detector to a few updates per second, ending on the latest value', async () => {
    const feed = await LiveFeedClient.connect(processor.wsUrl);
    try {
      await waitFor(() => feed.messages.some((m) => m.message.type === 'snapshot'), { timeoutMs: 2000, what: 'snapshot' });
      const device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'burst-device' });
      const base = Date.now();
      const burst = 200;
      const started = Date.now();
      for (let seq = 0; seq < burst; seq += 1) {
        await device.publishAsync('arterial/v1/detectors/burst-det/measurement', JSON.stringify({ ts: base + seq, seq, intervalS: 1, volume: seq % 7, occupancyPct: 10, health: 'ok' }), { qos: 1 });
      }
      await device.endAsync();
      const last = await waitFor(
        () => feed.messages.find((m) => m.message.type === 'delta' && m.message.detectors.some((d) => d.id === 'burst-det' && d.ts === base + burst - 1)),
        { timeoutMs: 3000, what: 'latest burst value on /ws' },
      );
      const updates = feed.messages.filter((m) => m.message.type === 'delta' && m.message.detectors.some((d) => d.id === 'burst-det')).length;
      const windowS = (last.at - started) / 1000;
      // At most 4 per second per entity, plus the one at the start of the window.
      expect(updates).toBeLessThanOrEqual(Math.ceil(windowS * 4) + 1);
      expect(updates).toBeLessThan(burst);
    } finally {
      feed.close();
    }
  });

  it('sends only plans that pass the safety validator; mosquitto_sub sees the safe one and never the unsafe one', async () => {
    const network = await getJson<{ features: Array<{ properties: { kind: string; id: string; fallbackPlan?: { cycleS: number; splits: Array<{ phase: number; greenS: number }> } } }> }>('/api/network');
    const junction = network.features.find((f) => f.properties.kind === 'intersection')!.properties;
    const fallback = junction.fallbackPlan!;
    const sub = new MosquittoSub(processor.mqttUrl, `arterial/v1/controllers/${junction.id}/plan`);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const post = (splits: Array<{ phase: number; greenS: number }>) =>
        fetch(`${processor.httpUrl}/api/intersections/${junction.id}/plans`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ cycleS: fallback.cycleS, offsetS: 5, splits, reason: 'e2e' }),
        });
      const unsafe = fallback.splits.map((s, i) => ({ phase: s.phase, greenS: i === 0 ? 1 : i === 1 ? s.greenS + (fallback.splits[0]?.greenS ?? 0) - 1 : s.greenS }));
      const refused = await post(unsafe);
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { violations: unknown[] }).violations.length).toBeGreaterThan(0);
      const accepted = await post(fallback.splits);
      expect(accepted.status).toBe(202);
      const { plan } = (await accepted.json()) as { plan: { planId: string } };
      await waitFor(() => sub.lines.some((l) => l.includes(plan.planId)), { timeoutMs: 3000, what: 'plan on the wire' });
      expect(sub.lines).toHaveLength(1);
    } finally {
      await sub.stop();
    }
  });

  it('mosquitto_sub sees the platform traffic on arterial/v1/#', async () => {
    const sub = new MosquittoSub(processor.mqttUrl, 'arterial/v1/#');
    try {
      await new Promise((r) => setTimeout(r, 300));
      await mosquittoPub(processor.mqttUrl, 'arterial/v1/detectors/sub-check/measurement', JSON.stringify({ ts: Date.now(), seq: 1, intervalS: 10, volume: 1, occupancyPct: 1, health: 'ok' }));
      await waitFor(() => sub.lines.some((l) => l.startsWith('arterial/v1/detectors/sub-check/measurement ')), { timeoutMs: 3000, what: 'mosquitto_sub line' });
    } finally {
      await sub.stop();
    }
  });
});
