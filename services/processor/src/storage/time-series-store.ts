/**
 * The storage port. InfluxDB (v1 HTTP API or v2 API) and the in-memory store implement it;
 * one shared suite (time-series-store.suite.ts) runs against each.
 */
import type { DeadLetterRecord, DetectorSeriesPoint, StoreHealth } from '@arterial/contracts/api/v1';
import type { DetectorDiagnosis, DetectorQualityDay, Kpi, KpiPoint, LinkEstimate, LinkEstimatePoint } from '@arterial/contracts/api/v1';
import type { ControllerStatusBucket, StoredDetectorForecast } from '@arterial/contracts/api/v1';
import type { CommandAck, ControllerState, ControllerStatus, DetectorMeasurement, PlanAck, RejectReason } from '@arterial/contracts/mqtt/v1';
import type { Alert, ControlAuditEvent, DispatchedPlan, SecurityAuditEvent } from '@arterial/contracts/api/v1';
import type { AlertHistoryQuery } from './alert-points';
import type { ControlAuditQuery } from './control-points';
import type { RawRecord } from './raw-records';
import type { SecurityAuditStoreQuery } from './security-audit-points';

// What the REST API answers with is a wire shape, so it lives in the contract; re-exported for the adapters.
export type { DeadLetterRecord, DetectorSeriesPoint, StoreHealth };
export type { ControllerStatusBucket, DetectorQualityDay, KpiPoint, LinkEstimatePoint, StoredDetectorForecast };

/** What is stored of a detector's rolling diagnosis each estimation interval. */
export type DetectorQualitySample = Pick<DetectorDiagnosis, 'status' | 'score' | 'completeness' | 'faults' | 'warnings'> & { usedMeasurement: boolean };

export type TimeSeriesRecord =
  | { kind: 'measurement'; detectorId: string; payload: DetectorMeasurement }
  | { kind: 'signal-state'; intersectionId: string; payload: ControllerState }
  | { kind: 'controller-status'; intersectionId: string; payload: ControllerStatus }
  | { kind: 'plan-ack'; intersectionId: string; payload: PlanAck; receivedAt: number }
  | { kind: 'command-ack'; intersectionId: string; payload: CommandAck; receivedAt: number }
  /** reason: why ingest rejected the message, or why the embedded broker refused a device (`unauthorised`, `rate-limited`). */
  | { kind: 'dead-letter'; receivedAt: number; topic: string; reason: RejectReason | 'unauthorised' | 'rate-limited'; detail: string; payloadExcerpt: string }
  /** One lifecycle step of an alert, `at` when it happened (centre time). */
  | { kind: 'alert'; at: number; alert: Alert }
  | { kind: 'link-estimate'; ts: number; estimate: LinkEstimate }
  | { kind: 'detector-quality'; ts: number; detectorId: string; quality: DetectorQualitySample }
  /** A detector's report over one whole local day, written once the day is over; the point's time is the day's start (`dayStartMs`). */
  | { kind: 'detector-quality-daily'; dayStartMs: number; detectorId: string; report: DetectorQualityDay }
  | { kind: 'kpi'; kpi: Kpi }
  /** One lifecycle step of a plan the centre sent (sent, accepted, timeout, …), `at` when it happened (centre time). */
  | { kind: 'dispatched-plan'; at: number; plan: DispatchedPlan }
  /** One entry of the control audit trail. */
  | { kind: 'control-audit'; event: ControlAuditEvent }
  /** One entry of the security audit log (sign-ins, refusals, overrides and plans posted, device and user changes). */
  | { kind: 'security-audit'; event: SecurityAuditEvent }
  /** One forecast made at `ts` (issue time) for `horizonMin` minutes later, with its 80 % interval. */
  | { kind: 'prediction'; ts: number; place: { detectorId: string } | { linkId: string }; target: PredictionTarget; horizonMin: number; value: number; lower: number; upper: number; model: string };

/** What a stored forecast is of (docs/prediction.md). */
export type PredictionTarget = 'flowVph' | 'speedKph' | 'occupancyPct';

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

export interface SignalStatePoint {
  ts: number;
  mode: ControllerState['mode'];
  planId: string;
  cycleS: number;
  cycleSecond: number;
  /** Phase ids showing green at that moment. */
  greenPhases: number[];
}

/** One link's buckets of a bulk read. */
export interface LinkEstimateSeriesOf {
  linkId: string;
  points: LinkEstimatePoint[];
}

/** One junction's buckets of a bulk read: `ts` is the bucket's start, the rest its last stored state. */
export interface SignalStateSeriesOf {
  intersectionId: string;
  points: SignalStatePoint[];
}

/** How far before a range controllerStatusBuckets looks for the status holding at its start (status is sent on change). */
export const CONTROLLER_STATUS_LOOKBACK_MS = 7 * 86_400_000;

/** One junction's statuses of a bulk read: the last before the range (its own time) and the last of each bucket. */
export interface ControllerStatusSeriesOf {
  intersectionId: string;
  before: ControllerStatusBucket | null;
  points: ControllerStatusBucket[];
}

export interface TimeSeriesStore {
  /** Creates the database, retention policies and aggregates if missing. Idempotent. */
  init(): Promise<void>;
  /**
   * Accepts records for writing. Never throws and never blocks on the database:
   * records are batched, retried and spooled to disk while the database is away.
   */
  write(records: readonly TimeSeriesRecord[]): void;
  /** Resolves when everything accepted so far is written (or spooled, if the database is away). */
  flush(): Promise<void>;
  /**
   * Buckets of `stepS` seconds over [fromMs, toMs), aligned to the epoch (as InfluxQL GROUP BY time()),
   * ascending, empty buckets left out. A measurement falls in the bucket holding its `ts` (end of its interval).
   */
  detectorSeries(detectorId: string, range: TimeRange, stepS: number): Promise<DetectorSeriesPoint[]>;
  /** States in [fromMs, toMs), ascending by time, the first `limit` (page on by moving fromMs past the last ts). */
  intersectionStates(intersectionId: string, range: TimeRange, limit: number): Promise<SignalStatePoint[]>;
  /** Dead letters received in [fromMs, toMs), newest first (what an operator looks at), at most `limit`. */
  deadLetters(range: TimeRange, limit: number): Promise<DeadLetterRecord[]>;
  /**
   * An area's KPIs in buckets of `stepS` seconds over [fromMs, toMs), aligned to the epoch, ascending, empty buckets left
   * out: means of speed, TTI, index, congested km, completeness and score; delay summed; `samples` intervals.
   */
  kpiSeries(areaId: string, range: TimeRange, stepS: number): Promise<KpiPoint[]>;
  /**
   * A link's stored estimates in buckets of `stepS` seconds over [fromMs, toMs), aligned to the epoch, ascending, empty
   * buckets left out: means of TTI, speed and flow (null when no interval had one), the last graded interval's level.
   */
  linkEstimateSeries(linkId: string, range: TimeRange, stepS: number): Promise<LinkEstimatePoint[]>;
  /** linkEstimateSeries of every link with a stored estimate in the range, in one query, by link id. */
  allLinkEstimateSeries(range: TimeRange, stepS: number): Promise<LinkEstimateSeriesOf[]>;
  /**
   * Every junction's stored signal states in buckets of `stepS` seconds over [fromMs, toMs), aligned to the epoch: the
   * last state of each bucket, stamped with the bucket's start; buckets without a state left out; by intersection id.
   */
  signalStateBuckets(range: TimeRange, stepS: number): Promise<SignalStateSeriesOf[]>;
  /**
   * Every junction's stored controller status in buckets of `stepS` seconds over [fromMs, toMs), aligned to the epoch:
   * the last status of each bucket, stamped with the bucket's start, and the last one in the CONTROLLER_STATUS_LOOKBACK_MS
   * before fromMs (at its own time); by intersection id, junctions with neither left out.
   */
  controllerStatusBuckets(range: TimeRange, stepS: number): Promise<ControllerStatusSeriesOf[]>;
  /** A detector's stored forecasts at one horizon issued in [fromMs, toMs), by issue time, ascending. */
  detectorPredictions(detectorId: string, range: TimeRange, horizonMin: number): Promise<StoredDetectorForecast[]>;
  /** Daily quality reports whose day starts in [fromMs, toMs), of every detector or one, by detector id then day. */
  dailyQuality(range: TimeRange, detectorId?: string): Promise<{ detectorId: string; report: DetectorQualityDay }[]>;
  /**
   * Recorded device messages (detector measurements, controller status, plan acknowledgements; not signal states, see
   * raw-records.ts) received in [fromMs, toMs), in time order (`compareRaw`). Export reads a long range window by window.
   */
  rawRecords(range: TimeRange): Promise<RawRecord[]>;
  /** Alerts with a lifecycle step in [fromMs, toMs), one per id in its latest state there, newest step first, filtered, at most `limit`. */
  alerts(query: AlertHistoryQuery): Promise<Alert[]>;
  /** Plans sent to a junction with a lifecycle step in [fromMs, toMs), one per plan id in its latest state, newest sent first, at most `limit`. */
  dispatchedPlans(intersectionId: string, range: TimeRange, limit: number): Promise<DispatchedPlan[]>;
  /** Control audit events in [fromMs, toMs), of one junction or all, newest first, at most `limit`. */
  controlAudit(query: ControlAuditQuery): Promise<ControlAuditEvent[]>;
  /** Security audit events in [fromMs, toMs), optionally of one actor and one action, newest first, at most `limit`. */
  securityAudit(query: SecurityAuditStoreQuery): Promise<SecurityAuditEvent[]>;
  /**
   * Result sets of `npm run replay` runs beside the recorded history (InfluxDB: databases `<db>_replay…`), by name.
   * Absent where a store has none (in memory, files).
   */
  replaySources?(): Promise<string[]>;
  /** A read-only store over one of replaySources(), never initialised or written to; undefined for any other name. */
  replaySource?(name: string): Promise<TimeSeriesStore | undefined>;
  health(): StoreHealth;
  close(): Promise<void>;
}

export const TIME_SERIES_STORE = Symbol('TIME_SERIES_STORE');
