import type { BrokerHealth, StoreHealth } from '@arterial/contracts/api/v1';
import { Registry } from 'prom-client';
import { ARTERIAL_METRIC_NAMES, registerArterialMetrics, type IngestTotals, type MetricsSources } from './arterial-metrics';

function fakeSources() {
  const ingest: IngestTotals = { accepted: 7, rejected: 3, duplicates: 2, errors: 0, rejectedByReason: { schema: 2, 'bad-json': 1 } };
  const store: StoreHealth = { reachable: false, pendingRecords: 40, spool: { records: 30, bytes: 4096, limitBytes: 1_000_000 }, written: 100, droppedRecords: 1, rejectedRecords: 2 };
  const broker: BrokerHealth = { mode: 'embedded', url: 'mqtt://127.0.0.1:1883', connected: true, reconnects: 0, embedded: { listening: true, port: 1883, connectedClients: 5 } };
  const acceptedByKind = new Map([['measurement', 6], ['state', 1]]);
  const planTransitions = new Map([['sent', 2], ['accepted', 1], ['timeout', 1]]);
  const sources: MetricsSources = {
    ingest: () => ingest,
    acceptedByKind: () => acceptedByKind,
    planTransitions: () => planTransitions,
    store: () => store,
    broker: () => broker,
    wsClients: () => 4,
    wal: () => ({ records: 12, bytes: 8192 }),
    cluster: () => ({ mode: 'etcd' as const, instanceId: 'p2', peers: ['p1', 'p2', 'p3'], ownedJunctions: 14, leaseAlive: true, handovers: 20 }),
  };
  return { sources, ingest, acceptedByKind };
}

/** `name{labels} value` lines of the exposition, as a map. */
async function samples(registry: Registry): Promise<Map<string, number>> {
  const text = await registry.metrics();
  return new Map(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ');
        return [line.slice(0, at), Number(line.slice(at + 1))] as const;
      }),
  );
}

describe(registerArterialMetrics.name, () => {
  it('registers exactly the documented metric names, each with help and a Prometheus-conformant name', async () => {
    const sut = new Registry();
    registerArterialMetrics(sut, fakeSources().sources);
    const metrics = await sut.getMetricsAsJSON();
    expect(metrics.map((m) => m.name).sort()).toEqual([...ARTERIAL_METRIC_NAMES].sort());
    for (const metric of metrics) {
      expect(metric.name).toMatch(/^arterial_[a-z_]+$/);
      expect(metric.help.length).toBeGreaterThan(10);
      // Counters end in _total, gauges do not (Prometheus naming rules).
      expect(metric.name.endsWith('_total')).toBe(String(metric.type) === 'counter');
    }
  });

  it('mirrors the sources at scrape time', async () => {
    const sut = new Registry();
    const { sources } = fakeSources();
    registerArterialMetrics(sut, sources);
    const s = await samples(sut);
    expect(s.get('arterial_ingest_messages_total{outcome="accepted"}')).toBe(7);
    expect(s.get('arterial_ingest_messages_total{outcome="rejected"}')).toBe(3);
    expect(s.get('arterial_ingest_messages_total{outcome="duplicate"}')).toBe(2);
    expect(s.get('arterial_ingest_messages_total{outcome="error"}')).toBe(0);
    expect(s.get('arterial_ingest_rejected_messages_total{reason="schema"}')).toBe(2);
    expect(s.get('arterial_ingest_rejected_messages_total{reason="bad-json"}')).toBe(1);
    expect(s.get('arterial_ingest_accepted_messages_total{kind="measurement"}')).toBe(6);
    expect(s.get('arterial_store_spool_bytes')).toBe(4096);
    expect(s.get('arterial_store_pending_records')).toBe(40);
    expect(s.get('arterial_store_reachable')).toBe(0);
    expect(s.get('arterial_store_dropped_records_total')).toBe(1);
    expect(s.get('arterial_mqtt_connected_clients')).toBe(5);
    expect(s.get('arterial_ws_clients')).toBe(4);
    expect(s.get('arterial_wal_records')).toBe(12);
    expect(s.get('arterial_wal_bytes')).toBe(8192);
    expect(s.get('arterial_control_plan_transitions_total{status="timeout"}')).toBe(1);
    expect(s.get('arterial_cluster_info{instance_id="p2",mode="etcd"}')).toBe(1);
    expect(s.get('arterial_cluster_peers')).toBe(3);
    expect(s.get('arterial_cluster_owned_junctions')).toBe(14);
    expect(s.get('arterial_cluster_lease_alive')).toBe(1);
    expect(s.get('arterial_cluster_handovers_total')).toBe(20);
  });

  it('follows the sources between scrapes instead of adding them up', async () => {
    const sut = new Registry();
    const { sources, ingest, acceptedByKind } = fakeSources();
    registerArterialMetrics(sut, sources);
    await sut.metrics();
    ingest.accepted += 5;
    acceptedByKind.set('measurement', 11);
    const s = await samples(sut);
    expect(s.get('arterial_ingest_messages_total{outcome="accepted"}')).toBe(12);
    expect(s.get('arterial_ingest_accepted_messages_total{kind="measurement"}')).toBe(11);
  });
});
