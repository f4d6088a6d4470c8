/** `GET /api/health`. */
import { Type, type Static } from '@sinclair/typebox';
import { REJECT_REASONS } from '../../mqtt/v1/validators';
import { EpochMs, Nullable } from './common.schema';

const Count = (description: string) => Type.Integer({ minimum: 0, description });

const MqttAuth = Type.Union([Type.Literal('registry'), Type.Literal('anonymous')], {
  description: '`registry`: devices authenticate against the device registry; `anonymous`: MQTT_ALLOW_ANONYMOUS=true, anyone may publish anything (development only).',
});

export const BrokerHealth = Type.Object(
  {
    mode: Type.Union([Type.Literal('embedded'), Type.Literal('external'), Type.Literal('in-memory')], {
      description: 'Embedded aedes broker, an external one (MQTT_URL), or the in-process broker of replay and tests.',
    }),
    url: Type.String({ description: 'Broker URL the centre is connected to.' }),
    connected: Type.Boolean({ description: "Whether the centre's MQTT session is up." }),
    reconnects: Count('Reconnections since start.'),
    embedded: Type.Optional(
      Type.Object({
        listening: Type.Boolean(),
        port: Type.Integer({ minimum: 0, maximum: 65535 }),
        connectedClients: Count('MQTT clients connected now.'),
        auth: Type.Optional(MqttAuth),
        tlsPort: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'TLS listener (MQTT_TLS_CERT/MQTT_TLS_KEY), when configured.' })),
        refused: Type.Optional(
          Type.Object(
            { connect: Count('Refused CONNECTs (bad or missing credentials, forbidden will, connection limit).'), publish: Count('Refused PUBLISHes (topic rules, payload size, rate).'), subscribe: Count('Refused SUBSCRIBEs (SUBACK 0x80).') },
            { description: 'Device access refusals since start; each is also a dead letter.' },
          ),
        ),
      }),
    ),
    lastError: Type.Optional(Type.String()),
  },
  { $id: 'arterial/api/v1/BrokerHealth', title: 'Broker health' },
);
export type BrokerHealth = Static<typeof BrokerHealth>;

export const StoreHealth = Type.Object(
  {
    reachable: Type.Boolean({ description: 'Whether the last write or probe reached the database.' }),
    pendingRecords: Count('Records accepted but not yet confirmed written (in memory and spool).'),
    spool: Type.Object({
      records: Count('Records in the on-disk spool.'),
      bytes: Count('Size of the spool, in bytes.'),
      limitBytes: Count('Largest the spool may grow, in bytes.'),
    }),
    written: Count('Records written since start.'),
    lastError: Type.Optional(Type.String()),
    droppedRecords: Type.Optional(Count('Records refused because the spool was full (or written after close); each also logged as an error.')),
    rejectedRecords: Type.Optional(Count('Records the database refused permanently (bad data), kept in the rejected-batches file under the spool dir.')),
  },
  { $id: 'arterial/api/v1/StoreHealth', title: 'Storage health' },
);
export type StoreHealth = Static<typeof StoreHealth>;

const RejectReason = Type.Union(REJECT_REASONS.map((reason) => Type.Literal(reason)));

export const HealthReport = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')], {
      description: '`ok`; `degraded` while storage is away (the spool keeps data safe); `down` (HTTP 503) when the broker session or the pipeline is not running.',
    }),
    broker: BrokerHealth,
    mqttAuth: Type.Optional(
      Type.Union([Type.Literal('registry'), Type.Literal('anonymous'), Type.Literal('external'), Type.Literal('in-process')], {
        description: 'How MQTT devices are authenticated: the embedded broker\'s `registry` or `anonymous` mode, an `external` broker\'s own configuration, or `in-process` (replay and tests: no device can connect).',
      }),
    ),
    apiAuth: Type.Optional(
      Type.Union([Type.Literal('local'), Type.Literal('oidc'), Type.Literal('anonymous')], {
        description: 'How operators authenticate on REST and `/ws`: `local` users, `oidc` (an identity provider, local users too), or `anonymous` (API_ALLOW_ANONYMOUS=true: no token needed; development only).',
      }),
    ),
    cluster: Type.Optional(
      Type.Object(
        {
          mode: Type.Union([Type.Literal('single'), Type.Literal('etcd')], { description: '`single`: no etcd, this instance owns every junction; `etcd`: junction ownership by leases (docs/cluster.md).' }),
          instanceId: Type.String({ description: 'INSTANCE_ID of the instance that answered.' }),
          peers: Type.Array(Type.String(), { description: 'Live members (instance ids), this one included, sorted.' }),
          ownedJunctions: Count('Junctions this instance controls now (its partition).'),
          leaseAlive: Type.Boolean({ description: 'True while this instance\'s lease in etcd is known alive; false: it controls nothing.' }),
          handovers: Count('Junctions acquired or given up since start.'),
        },
        { description: 'Scale-out: which instance answered, its partition of the junctions and its peers.' },
      ),
    ),
    storage: StoreHealth,
    backpressure: Type.Optional(
      Type.Object(
        {
          state: Type.Union([Type.Literal('flowing'), Type.Literal('paused')], {
            description: '`paused` while the ingest backlog is above its high-water mark: device sockets are not read (QoS 1 waits for its PUBACK), QoS 0 is shed; until it drains below the low-water mark.',
          }),
          reason: Nullable(Type.String({ description: 'Which queue passed its high-water mark, with its depth; null while flowing.' })),
          pausedSince: Nullable(EpochMs('When the current pause began; null while flowing')),
          pausedSeconds: Type.Number({ minimum: 0, description: 'Total time paused since start, in seconds.' }),
          pauses: Count('Pauses since start.'),
          shedMessages: Count('QoS 0 messages shed since start (counted, never written as dead-letter records, which would grow).'),
          heldMessages: Count('QoS 1 messages whose PUBACK waits for the pause to end, now.'),
          heldBytes: Count('Payload bytes of those messages.'),
          refusedOverCap: Count(
            'QoS 1 messages refused since start because the held messages were at their cap: the connection is closed unacknowledged and the device resends after reconnecting.',
          ),
        },
        { description: 'Back-pressure on device input (docs/operations.md, "Back-pressure"); `status` is `degraded` while paused.' },
      ),
    ),
    pipeline: Type.Object({
      running: Type.Boolean(),
      lastMessageAt: Nullable(EpochMs('Last message the pipeline handled; null before the first')),
      liveClients: Count('Browsers connected to /ws.'),
    }),
    counters: Type.Object({
      'ingest.accepted': Count('Messages accepted since start.'),
      'ingest.rejected': Count('Messages rejected (dead-lettered) since start.'),
      'ingest.duplicates': Count('Messages dropped as duplicates since start.'),
      'ingest.errors': Count('Downstream failures caught so the stream keeps flowing.'),
      'ingest.rejectedByReason': Type.Partial(Type.Record(RejectReason, Count('Rejections with this reason since start.'))),
    }),
  },
  { $id: 'arterial/api/v1/HealthReport', title: 'Health report', description: 'Broker, storage and pipeline state with the ingest counters.' },
);
export type HealthReport = Static<typeof HealthReport>;

export const LivenessReport = Type.Object(
  {
    status: Type.Union([Type.Literal('alive'), Type.Literal('stalled')], {
      description: '`alive`; `stalled` (HTTP 503) when the event loop was blocked longer than the limit in the last window, so an orchestrator restarts the process.',
    }),
    uptimeS: Type.Number({ minimum: 0, description: 'Seconds since the process started.' }),
    eventLoopDelayMaxMs: Type.Number({ minimum: 0, description: 'Longest event-loop delay seen in the current window, in ms.' }),
    eventLoopDelayLimitMs: Type.Number({ minimum: 0, description: 'Delay above which the process counts as stalled, in ms.' }),
  },
  { $id: 'arterial/api/v1/LivenessReport', title: 'Liveness report', description: 'Whether the process is up and its event loop responsive.' },
);
export type LivenessReport = Static<typeof LivenessReport>;

const ReadinessCheck = Type.Object({
  ok: Type.Boolean(),
  detail: Type.String({ description: 'Why the check passes or fails, for operators.' }),
});

export const ReadinessReport = Type.Object(
  {
    ready: Type.Boolean({ description: 'True when every check passes; the route then answers 200, otherwise 503.' }),
    degraded: Type.Optional(Type.String({ description: 'Set while ready but degraded: why (e.g. ingest paused by back-pressure, QoS 0 shed).' })),
    checks: Type.Object(
      { broker: ReadinessCheck, storage: ReadinessCheck, network: ReadinessCheck, pipeline: ReadinessCheck },
      {
        description:
          '`broker`: started (embedded: listening) and the centre session up; `storage`: InfluxDB reachable, or spooling below 90 % of the spool limit; `network`: model loaded with intersections or detectors; `pipeline`: ingest subscribed to the broker stream.',
      },
    ),
  },
  { $id: 'arterial/api/v1/ReadinessReport', title: 'Readiness report', description: 'Whether the processor should receive traffic (devices, operators, load balancer).' },
);
export type ReadinessReport = Static<typeof ReadinessReport>;
