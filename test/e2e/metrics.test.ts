/**
 * Observability of a running processor: /metrics parses as Prometheus' text format and its ingest counters move
 * by exactly what devices sent; the liveness and readiness probes answer per their contract, and readiness
 * turns 503 when storage is away with no spool room.
 */
import Ajv from 'ajv';
import mqtt from 'mqtt';
import { LivenessReport, ReadinessReport } from '@arterial/contracts/api/v1';
import { ARTERIAL_METRIC_NAMES, type RunningProcessor } from '@arterial/processor';
import { freePort } from '../support/free-port';
import { LiveFeedClient } from '../support/live-feed-client';
import { createTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

type Samples = Map<string, number>;

const ANONYMOUS_DEVICES = { MQTT_ALLOW_ANONYMOUS: 'true' };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// Case-insensitive for NaN: prom-client writes `Nan`, which Prometheus parses (Go's ParseFloat ignores case).
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)( -?[0-9]+)?$/i;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * Parses the text exposition format (version 0.0.4) strictly enough to fail on a malformed line: every sample
 * belongs to a family declared by a TYPE line before it, names and labels follow the grammar, values are numbers.
 */
function parseExposition(text: string): { samples: Samples; types: Map<string, string> } {
  const samples: Samples = new Map();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      const [, keyword, name = '', rest = ''] = comment;
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        types.set(name, rest);
      }
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const [, name = '', labels = '', value = ''] = sample;
    const family = [...types.keys()].find((f) => name === f || ['_bucket', '_sum', '_count', '_total'].some((s) => name === f + s));
    if (!family) throw new Error(`sample before its TYPE line: ${line}`);
    samples.set(name + labels, Number(value));
  }
  return { samples, types };
}

describe('GET /metrics and the health probes', () => {
  let platform: TestPlatform;
  let processor: RunningProcessor;

  beforeAll(async () => {
    platform = await createTestPlatform('metrics');
    // Device identity is not what this suite is about: anonymous devices (the development mode) publish.
    processor = await platform.startProcessor({ env: ANONYMOUS_DEVICES });
  });

  afterAll(async () => {
    await platform?.dispose();
  });

  async function scrape(): Promise<ReturnType<typeof parseExposition>> {
    const res = await fetch(`${processor.httpUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return parseExposition(await res.text());
  }

  it('serves the Prometheus text format at /metrics (not under /api), with process and Arterial metrics', async () => {
    const { types } = await scrape();
    for (const name of ARTERIAL_METRIC_NAMES) expect(types.has(name)).toBe(true);
    for (const name of ['process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds', 'process_cpu_seconds_total']) expect(types.has(name)).toBe(true);
    expect(types.get('arterial_ingest_messages_total')).toBe('counter');
    expect(types.get('arterial_store_spool_bytes')).toBe('gauge');
    expect((await fetch(`${processor.httpUrl}/api/metrics`)).status).toBe(404);
  });

  it('the parser refuses malformed expositions (so the check above can fail)', () => {
    expect(() => parseExposition('arterial_x 1\n')).toThrow(/before its TYPE/);
    expect(() => parseExposition('# TYPE a counter\na{l=unquoted} 1\n')).toThrow(/not a sample/);
    expect(() => parseExposition('# TYPE a counter\na one\n')).toThrow(/not a sample/);
  });

  it('counts exactly the messages devices sent, by outcome, kind and reason, and the connected clients', async () => {
    const before = (await scrape()).samples;
    const device = await mqtt.connectAsync(processor.mqttUrl, { clientId: 'metrics-det', clean: true, protocolVersion: 4, reconnectPeriod: 0 });
    const live = await LiveFeedClient.connect(processor.wsUrl);
    try {
      const topic = 'arterial/v1/detectors/metrics-det/measurement';
      const now = Date.now();
      const measurement = (seq: number) => JSON.stringify({ ts: now - 60_000 + seq * 10_000, seq, intervalS: 10, volume: 4, occupancyPct: 6.5, health: 'ok' });
      for (const seq of [1, 2, 3]) await device.publishAsync(topic, measurement(seq), { qos: 1 });
      await device.publishAsync(topic, measurement(2), { qos: 1 }); // the same seq and ts again: a duplicate
      await device.publishAsync(topic, '{"ts": 1,', { qos: 1 }); // bad-json
      await device.publishAsync(topic, JSON.stringify({ ts: now, seq: 9, intervalS: 10, volume: -1, occupancyPct: 6.5, health: 'ok' }), { qos: 1 }); // schema

      const delta = (after: Samples, key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
      const after = await waitFor(
        async () => {
          const { samples } = await scrape();
          const handled = ['accepted', 'duplicate', 'rejected'].reduce((sum, o) => sum + delta(samples, `arterial_ingest_messages_total{outcome="${o}"}`), 0);
          return handled >= 6 && samples;
        },
        { timeoutMs: 5_000, what: 'six messages counted' },
      );
      expect({
        accepted: delta(after, 'arterial_ingest_messages_total{outcome="accepted"}'),
        duplicate: delta(after, 'arterial_ingest_messages_total{outcome="duplicate"}'),
        rejected: delta(after, 'arterial_ingest_messages_total{outcome="rejected"}'),
        error: delta(after, 'arterial_ingest_messages_total{outcome="error"}'),
        measurements: delta(after, 'arterial_ingest_accepted_messages_total{kind="measurement"}'),
        badJson: delta(after, 'arterial_ingest_rejected_messages_total{reason="bad-json"}'),
        schema: delta(after, 'arterial_ingest_rejected_messages_total{reason="schema"}'),
      }).toEqual({ accepted: 3, duplicate: 1, rejected: 2, error: 0, measurements: 3, badJson: 1, schema: 1 });
      expect(after.get('arterial_mqtt_connected_clients')).toBeGreaterThanOrEqual(1);
      expect(after.get('arterial_ws_clients')).toBe(1);
      expect(after.get('arterial_broker_connected')).toBe(1);
      // The accepted records (and the two dead letters) reach InfluxDB.
      await waitFor(async () => delta((await scrape()).samples, 'arterial_store_written_records_total') >= 5, { timeoutMs: 5_000, what: 'records written' });
    } finally {
      live.close();
      await device.endAsync();
    }
    await waitFor(async () => (await scrape()).samples.get('arterial_ws_clients') === 0, { timeoutMs: 3_000, what: 'ws client gone' });
  });

  it('answers liveness and readiness per their contract schemas', async () => {
    const ajv = new Ajv({ strict: false });
    const live = await fetch(`${processor.httpUrl}/api/health/live`);
    const liveBody = (await live.json()) as LivenessReport;
    expect(live.status).toBe(200);
    expect(ajv.validate(LivenessReport, liveBody)).toBe(true);
    expect(liveBody.status).toBe('alive');

    const ready = await fetch(`${processor.httpUrl}/api/health/ready`);
    const readyBody = (await ready.json()) as ReadinessReport;
    expect(ajv.validate(ReadinessReport, readyBody)).toBe(true);
    expect({ status: ready.status, body: readyBody }).toMatchObject({ status: 200, body: { ready: true } });
  });

  it('is not ready while InfluxDB is unreachable and the spool has no room, but still alive', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const starved = await platform.startProcessor({ env: ANONYMOUS_DEVICES, config: { influxUrl: nowhere, spoolMaxBytes: 0, mqttClientId: 'metrics-starved' } });
    const device = await mqtt.connectAsync(starved.mqttUrl, { clientId: 'metrics-starved-det', clean: true, protocolVersion: 4, reconnectPeriod: 0 });
    try {
      // The store learns InfluxDB is away from a failed write; with no spool room the record is dropped.
      await device.publishAsync('arterial/v1/detectors/starved-det/measurement', JSON.stringify({ ts: Date.now(), seq: 1, intervalS: 10, volume: 2, occupancyPct: 3, health: 'ok' }), { qos: 1 });
      const body = await waitFor(
        async () => {
          const res = await fetch(`${starved.httpUrl}/api/health/ready`);
          return res.status === 503 && ((await res.json()) as ReadinessReport);
        },
        { timeoutMs: 10_000, what: 'readiness 503' },
      );
      expect(new Ajv({ strict: false }).validate(ReadinessReport, body)).toBe(true);
      expect(body.checks.storage.ok).toBe(false);
      expect([body.checks.broker.ok, body.checks.network.ok, body.checks.pipeline.ok]).toEqual([true, true, true]);
      expect((await fetch(`${starved.httpUrl}/api/health/live`)).status).toBe(200);
      expect((await scrape()).samples.get('arterial_store_reachable')).toBe(1);
    } finally {
      await device.endAsync();
      await starved.close();
    }
  });
});
