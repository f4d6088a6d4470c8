/**
 * Live feed, version 1: every message the centre's WebSocket at `/ws` sends and accepts. The processor's gateway
 * and the web app both take their types from here, and the AsyncAPI document describes them from the same schemas.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ControllerMode, DetectorHealth, PhaseStatus } from '../../mqtt/v1/schemas';
import { EstimatesMessage, KpisMessage } from './estimates-live.schema';
import { AlertsMessage, SnapshotAlerts } from './alerts-live.schema';
import { PredictionsMessage } from './predictions-live.schema';
import { ControlMessage, OverridesMessage, SnapshotOverrides } from './control-live.schema';

const EpochMs = (description: string) => Type.Integer({ description: `${description} (Unix epoch, milliseconds, UTC)` });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const DetectorLive = Type.Object(
  {
    id: Type.String({ description: 'Detector id.' }),
    ts: EpochMs('End of the measurement interval'),
    intervalS: Type.Integer({ minimum: 1, description: 'Length of the measurement interval in seconds.' }),
    volume: Type.Integer({ minimum: 0, description: 'Vehicles counted during the interval.' }),
    flowVph: Type.Number({ minimum: 0, description: 'Volume scaled to an hourly flow rate (veh/h).' }),
    occupancyPct: Type.Number({ minimum: 0, maximum: 100 }),
    speedKph: Nullable(Type.Number({ minimum: 0 })),
    health: DetectorHealth,
  },
  { $id: 'arterial/live/v1/DetectorLive', title: 'Detector, live', description: 'Latest accepted measurement of one detector.' },
);
export type DetectorLive = Static<typeof DetectorLive>;

export const IntersectionLive = Type.Object(
  {
    id: Type.String({ description: 'Intersection id.' }),
    ts: Nullable(EpochMs('Time of the last state message; null until one arrives')),
    mode: Nullable(ControllerMode),
    planId: Nullable(Type.String()),
    cycleS: Nullable(Type.Number({ minimum: 0 })),
    cycleSecond: Nullable(Type.Number({ minimum: 0 })),
    phases: Type.Array(PhaseStatus),
    online: Nullable(Type.Boolean({ description: 'Last reported liveness; null until a status arrives.' })),
    firmware: Nullable(Type.String()),
    faults: Type.Array(Type.String()),
  },
  { $id: 'arterial/live/v1/IntersectionLive', title: 'Intersection, live', description: 'Latest signal state and status of one controller.' },
);
export type IntersectionLive = Static<typeof IntersectionLive>;

export const IngestCounters = Type.Object(
  {
    accepted: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
    duplicates: Type.Integer({ minimum: 0 }),
  },
  { $id: 'arterial/live/v1/IngestCounters', title: 'Ingest counters', description: 'Messages accepted, rejected and dropped as duplicates since start.' },
);
export type IngestCounters = Static<typeof IngestCounters>;

const ServerTime = EpochMs("Centre's clock when the message was sent");

export const SnapshotMessage = Type.Object(
  {
    type: Type.Literal('snapshot'),
    serverTime: ServerTime,
    detectors: Type.Array(DetectorLive),
    intersections: Type.Array(IntersectionLive),
    counters: IngestCounters,
    alerts: SnapshotAlerts,
    overrides: SnapshotOverrides,
  },
  { $id: 'arterial/live/v1/SnapshotMessage', title: 'Snapshot', description: 'Everything live, sent once when a client connects.' },
);
export const DeltaMessage = Type.Object(
  {
    type: Type.Literal('delta'),
    serverTime: ServerTime,
    detectors: Type.Array(DetectorLive),
    intersections: Type.Array(IntersectionLive),
  },
  { $id: 'arterial/live/v1/DeltaMessage', title: 'Delta', description: 'Entities that changed since the last message, latest value each (coalesced).' },
);
export const CountersMessage = Type.Object(
  { type: Type.Literal('counters'), serverTime: ServerTime, counters: IngestCounters },
  { $id: 'arterial/live/v1/CountersMessage', title: 'Counters', description: 'Ingest counters, at most once a second.' },
);

export const ServerMessage = Type.Union([SnapshotMessage, DeltaMessage, CountersMessage, EstimatesMessage, KpisMessage, AlertsMessage, PredictionsMessage, ControlMessage, OverridesMessage], {
  $id: 'arterial/live/v1/ServerMessage',
  title: 'Server message',
  description: 'What the centre sends on /ws.',
});
export type ServerMessage = Static<typeof ServerMessage>;

export const ClientMessage = Type.Union([Type.Object({ type: Type.Literal('ping') })], {
  $id: 'arterial/live/v1/ClientMessage',
  title: 'Client message',
  description: 'What a browser may send on /ws.',
});
export type ClientMessage = Static<typeof ClientMessage>;
