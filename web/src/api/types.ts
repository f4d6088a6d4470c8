/**
 * Every type the web app shares with the processor, taken from the contract package (type-only imports, so
 * nothing here reaches the bundle). A server change to a wire shape breaks this build until the UI handles it.
 */
export type { ClientMessage, DetectorLive, IngestCounters, IntersectionLive, ServerMessage } from '@arterial/contracts/live/v1';
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
} from '@arterial/contracts/network';
export type { ControllerMode, DetectorHealth, PhaseState, PhaseStatus } from '@arterial/contracts/mqtt/v1';

import type { IntersectionLive } from '@arterial/contracts/live/v1';
import type { PhaseDefinition } from '@arterial/contracts/network';
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
