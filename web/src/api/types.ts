/**
 * Every type the web app shares with the processor. Wire types are imported (type-only) from their single
 * definition: the gateway's event map and the network model schema. Nothing here reaches the bundle.
 */
export type { ClientMessage, DetectorLive, IngestCounters, IntersectionLive, ServerMessage } from '../../../services/processor/src/gateway/gateway-events';
export type {
  DetectorFeature,
  DetectorProperties,
  IntersectionFeature,
  IntersectionProperties,
  LinkFeature,
  LinkProperties,
  NetworkFeature,
  NetworkModel,
  PhaseDefinition,
} from '../../../firmware-contracts/src/network/network.schema';
export type { ControllerMode, DetectorHealth, PhaseState, PhaseStatus } from '@arterial/contracts';

import type { IntersectionLive } from '../../../services/processor/src/gateway/gateway-events';
import type { PhaseDefinition } from '../../../firmware-contracts/src/network/network.schema';
import type { DetectorSeriesPoint, StoreHealth } from '../../../services/processor/src/storage/time-series-store';

export type { DetectorSeriesPoint } from '../../../services/processor/src/storage/time-series-store';

/*
 * REST response shapes: the subset the UI reads. The processor's controllers return object literals without
 * exported types; once they export them, import those here instead so a server change breaks this build.
 */

/** `GET /api/intersections/{id}` */
export interface IntersectionDetail {
  id: string;
  name: string;
  nameZh?: string;
  live: IntersectionLive | null;
  phases: PhaseDefinition[];
}

/** `GET /api/detectors/{id}/series?from=<ms>&to=<ms>&step=<s>`; points ascending, empty buckets left out. */
export interface DetectorSeries {
  detectorId: string;
  from: number;
  to: number;
  stepS: number;
  points: DetectorSeriesPoint[];
}

/** `GET /api/health`; only `status` and the two ingest counters are read by the UI. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  broker: Record<string, unknown>;
  storage: StoreHealth;
  /** Numbers mostly, but e.g. `ingest.rejectedByReason` is an object. */
  counters: Record<string, unknown>;
}
