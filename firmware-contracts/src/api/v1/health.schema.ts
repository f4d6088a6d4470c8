/** `GET /api/health`. */
import { Type, type Static } from '@sinclair/typebox';
import { REJECT_REASONS } from '../../mqtt/v1/validators';
import { EpochMs, Nullable } from './common.schema';

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const BrokerHealth = Type.Object(
  {
    mode: Type.Union([Type.Literal('embedded'), Type.Literal('external'), Type.Literal('in-memory')], {
      description: 'Embedded aedes broker, an external one (MQTT_URL), or the in-process broker of replay and tests.',
    }),
    url: Type.String({ description: 'Broker URL the centre is connected to.' }),
    connected: Type.Boolean({ description: "Whether the centre's MQTT session is up." }),
    reconnects: Count('Reconnections since start.'),
    embedded: Type.Optional(
      Type.Object({ listening: Type.Boolean(), port: Type.Integer({ minimum: 0, maximum: 65535 }), connectedClients: Count('MQTT clients connected now.') }),
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
    storage: StoreHealth,
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
