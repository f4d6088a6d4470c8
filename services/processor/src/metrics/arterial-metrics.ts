/**
 * The processor's own Prometheus metrics. Each one mirrors a figure a capability already keeps (ingest counters,
 * store and broker health, live-feed clients, tallies of events), read at scrape time, so the hot paths pay
 * nothing for being observed. Names follow Prometheus conventions (docs/operations.md lists them).
 */
import type { BrokerHealth, HealthReport, StoreHealth } from '@arterial/contracts/api/v1';
import { Counter, Gauge, type Registry } from 'prom-client';

type BackpressureHealth = NonNullable<HealthReport['backpressure']>;

export interface IngestTotals {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: number;
  rejectedByReason: Readonly<Partial<Record<string, number>>>;
}

/** Where the metrics read their values; every call happens during a scrape. */
export interface MetricsSources {
  ingest(): IngestTotals;
  /** Accepted messages by contract kind (measurement, state, status, plan-ack, command-ack). */
  acceptedByKind(): ReadonlyMap<string, number>;
  /** Plan status changes by status (sent, accepted, rejected, timeout, superseded, expired). */
  planTransitions(): ReadonlyMap<string, number>;
  store(): StoreHealth;
  broker(): BrokerHealth;
  wsClients(): number;
  /** Depth of the inbound WAL; undefined without one (WAL_DIR=off, replay). */
  wal?(): { records: number; bytes: number } | undefined;
  /** Back-pressure on device input; absent where nothing gates it (external broker, replay). */
  backpressure?(): BackpressureHealth | undefined;
  /** Junction ownership (docs/cluster.md); absent outside a running processor. */
  cluster?(): ClusterHealth | undefined;
}

/** What the cluster gauges read: the ownership status /api/health reports as `cluster`. */
export interface ClusterHealth {
  mode: 'single' | 'etcd';
  instanceId: string;
  peers: readonly string[];
  ownedJunctions: number;
  leaseAlive: boolean;
  handovers: number;
}

/** Every metric name registerArterialMetrics defines; dashboards and the deployment test check against it. */
export const ARTERIAL_METRIC_NAMES = [
  'arterial_ingest_messages_total',
  'arterial_ingest_accepted_messages_total',
  'arterial_ingest_rejected_messages_total',
  'arterial_store_written_records_total',
  'arterial_store_dropped_records_total',
  'arterial_store_rejected_records_total',
  'arterial_store_pending_records',
  'arterial_store_spool_records',
  'arterial_store_spool_bytes',
  'arterial_store_spool_limit_bytes',
  'arterial_store_reachable',
  'arterial_wal_records',
  'arterial_wal_bytes',
  'arterial_broker_connected',
  'arterial_broker_reconnects_total',
  'arterial_mqtt_connected_clients',
  'arterial_ws_clients',
  'arterial_control_plan_transitions_total',
  'arterial_ingest_shed_messages_total',
  'arterial_ingest_refused_over_cap_total',
  'arterial_ingest_paused_seconds_total',
  'arterial_ingest_paused',
  'arterial_ingest_held_messages',
  'arterial_cluster_info',
  'arterial_cluster_peers',
  'arterial_cluster_owned_junctions',
  'arterial_cluster_lease_alive',
  'arterial_cluster_handovers_total',
] as const;
export type ArterialMetricName = (typeof ARTERIAL_METRIC_NAMES)[number];

type Labelled = ReadonlyArray<readonly [Record<string, string>, number]>;

/** A counter whose value is a total kept elsewhere: reset and set at each scrape (totals never decrease). */
function mirroredCounter(registry: Registry, name: ArterialMetricName, help: string, labelNames: string[], read: () => Labelled): void {
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

function mirroredGauge(registry: Registry, name: ArterialMetricName, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

const byLabel = (label: string, tallies: ReadonlyMap<string, number> | Readonly<Partial<Record<string, number>>>): Labelled =>
  (tallies instanceof Map ? [...tallies] : Object.entries(tallies)).map(([value, count]) => [{ [label]: value }, count ?? 0] as const);

export function registerArterialMetrics(registry: Registry, sources: MetricsSources): void {
  mirroredCounter(registry, 'arterial_ingest_messages_total', 'MQTT messages through ingest by outcome (every rejected message is also dead-lettered).', ['outcome'], () => {
    const t = sources.ingest();
    return [
      [{ outcome: 'accepted' }, t.accepted],
      [{ outcome: 'rejected' }, t.rejected],
      [{ outcome: 'duplicate' }, t.duplicates],
      [{ outcome: 'error' }, t.errors],
      [{ outcome: 'shed' }, sources.backpressure?.()?.shedMessages ?? 0],
    ];
  });
  mirroredCounter(registry, 'arterial_ingest_accepted_messages_total', 'Accepted messages by contract message kind.', ['kind'], () => byLabel('kind', sources.acceptedByKind()));
  mirroredCounter(registry, 'arterial_ingest_rejected_messages_total', 'Rejected (dead-lettered) messages by reason.', ['reason'], () => byLabel('reason', sources.ingest().rejectedByReason));

  mirroredCounter(registry, 'arterial_store_written_records_total', 'Records confirmed written to InfluxDB.', [], () => [[{}, sources.store().written]]);
  mirroredCounter(registry, 'arterial_store_dropped_records_total', 'Records refused because the spool was full (data lost).', [], () => [[{}, sources.store().droppedRecords ?? 0]]);
  mirroredCounter(registry, 'arterial_store_rejected_records_total', 'Records InfluxDB refused permanently (kept in the rejected-batches file).', [], () => [[{}, sources.store().rejectedRecords ?? 0]]);
  mirroredGauge(registry, 'arterial_store_pending_records', 'Records accepted but not yet confirmed written (memory queue, in flight and spool).', () => sources.store().pendingRecords);
  mirroredGauge(registry, 'arterial_store_spool_records', 'Records in the on-disk spool.', () => sources.store().spool.records);
  mirroredGauge(registry, 'arterial_store_spool_bytes', 'Size of the on-disk spool in bytes.', () => sources.store().spool.bytes);
  mirroredGauge(registry, 'arterial_store_spool_limit_bytes', 'Largest the spool may grow, in bytes (SPOOL_MAX_BYTES).', () => sources.store().spool.limitBytes);
  mirroredGauge(registry, 'arterial_store_reachable', '1 when the last write or probe reached InfluxDB.', () => (sources.store().reachable ? 1 : 0));

  mirroredGauge(registry, 'arterial_wal_records', 'Acknowledged messages in the inbound WAL not yet known stored (after its checkpoint).', () => sources.wal?.()?.records ?? 0);
  mirroredGauge(registry, 'arterial_wal_bytes', 'Size of the inbound WAL segment files in bytes.', () => sources.wal?.()?.bytes ?? 0);

  mirroredGauge(registry, 'arterial_broker_connected', "1 when the centre's MQTT session is up.", () => (sources.broker().connected ? 1 : 0));
  mirroredCounter(registry, 'arterial_broker_reconnects_total', "Reconnections of the centre's MQTT session.", [], () => [[{}, sources.broker().reconnects]]);
  mirroredGauge(registry, 'arterial_mqtt_connected_clients', 'MQTT clients (devices) connected to the embedded broker; 0 with an external broker.', () => sources.broker().embedded?.connectedClients ?? 0);
  mirroredGauge(registry, 'arterial_ws_clients', 'Browsers connected to the /ws live feed.', () => sources.wsClients());

  const backpressure = () => sources.backpressure?.();
  mirroredCounter(registry, 'arterial_ingest_shed_messages_total', 'QoS 0 device messages shed by back-pressure (counted, never dead-letter records).', [], () => [[{}, backpressure()?.shedMessages ?? 0]]);
  mirroredCounter(registry, 'arterial_ingest_refused_over_cap_total', 'QoS 1 device messages refused (connection closed unacknowledged, the device resends) because held messages were at their cap.', [], () => [[{}, backpressure()?.refusedOverCap ?? 0]]);
  mirroredCounter(registry, 'arterial_ingest_paused_seconds_total', 'Time device input was paused by back-pressure, in seconds.', [], () => [[{}, backpressure()?.pausedSeconds ?? 0]]);
  mirroredGauge(registry, 'arterial_ingest_paused', '1 while back-pressure pauses device input (ingest backlog over its high-water mark).', () => (backpressure()?.state === 'paused' ? 1 : 0));
  mirroredGauge(registry, 'arterial_ingest_held_messages', 'QoS 1 device messages whose PUBACK waits for back-pressure to end.', () => backpressure()?.heldMessages ?? 0);

  // One instance id per process: a label with one value, so dashboards can tell the instances of a cluster apart.
  const cluster = () => sources.cluster?.();
  new Gauge({
    name: 'arterial_cluster_info' satisfies ArterialMetricName,
    help: 'Always 1; labels name this instance and its ownership mode (single, etcd).',
    labelNames: ['instance_id', 'mode'],
    registers: [registry],
    collect() {
      this.reset();
      const c = cluster();
      if (c) this.set({ instance_id: c.instanceId, mode: c.mode }, 1);
    },
  });
  mirroredGauge(registry, 'arterial_cluster_peers', 'Live cluster members this instance sees, itself included (1 in single mode).', () => cluster()?.peers.length ?? 0);
  mirroredGauge(registry, 'arterial_cluster_owned_junctions', 'Junctions this instance controls now (holds the etcd lease of).', () => cluster()?.ownedJunctions ?? 0);
  mirroredGauge(registry, 'arterial_cluster_lease_alive', '1 while this instance\'s etcd lease is known alive (always 1 in single mode).', () => (cluster()?.leaseAlive ?? false ? 1 : 0));
  mirroredCounter(registry, 'arterial_cluster_handovers_total', 'Junction ownership changes (acquired or released) since start.', [], () => [[{}, cluster()?.handovers ?? 0]]);

  mirroredCounter(registry, 'arterial_control_plan_transitions_total', 'Dispatched plans reaching each status (sent, accepted, rejected, timeout, superseded, expired).', ['status'], () =>
    byLabel('status', sources.planTransitions()),
  );
}
