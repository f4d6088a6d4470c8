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

// REST: requests and answers of every route under /api (see firmware-contracts/openapi.yaml, served at /api/docs).
export type { ApiError, DetectorSeries, DetectorSeriesPoint, DetectorSeriesQuery, HealthReport, IntersectionDetail, StoreHealth } from '@arterial/contracts/api/v1';
export type {
  AcknowledgeRequest,
  Alert,
  AlertKind,
  AlertList,
  AlertPlace,
  AlertSeverity,
  AlertState,
  DetectorDiagnosis,
  DetectorQuality,
  GbtLevel,
  Kpi,
  KpiPoint,
  KpiSeries,
} from '@arterial/contracts/api/v1';
