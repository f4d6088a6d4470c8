/**
 * The storage port. InfluxDB (v1 HTTP API or v2 API) and the in-memory store implement it;
 * one shared suite (time-series-store.suite.ts) runs against each.
 */
import type { ControllerState, ControllerStatus, DetectorMeasurement, PlanAck, RejectReason } from '@arterial/contracts/mqtt/v1';

export type TimeSeriesRecord =
  | { kind: 'measurement'; detectorId: string; payload: DetectorMeasurement }
  | { kind: 'signal-state'; intersectionId: string; payload: ControllerState }
  | { kind: 'controller-status'; intersectionId: string; payload: ControllerStatus }
  | { kind: 'plan-ack'; intersectionId: string; payload: PlanAck; receivedAt: number }
  | { kind: 'dead-letter'; receivedAt: number; topic: string; reason: RejectReason | 'duplicate-unparsed' | 'unauthorised'; detail: string; payloadExcerpt: string };

export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/** One bucket of a detector's history. */
export interface DetectorSeriesPoint {
  /** Start of the bucket, epoch ms. */
  ts: number;
  /** Vehicles counted in the bucket. */
  volume: number;
  occupancyPct: number | null;
  speedKph: number | null;
  /** Number of raw measurements in the bucket. */
  samples: number;
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

export interface DeadLetterRecord {
  receivedAt: number;
  topic: string;
  reason: string;
  detail: string;
  payloadExcerpt: string;
}

export interface StoreHealth {
  /** Whether the last write or probe reached the database. */
  reachable: boolean;
  /** Records accepted but not yet confirmed written (in memory and spool). */
  pendingRecords: number;
  spool: { records: number; bytes: number; limitBytes: number };
  written: number;
  lastError?: string;
  /** Records refused because the spool was full (or written after close); each also logged as an error. */
  droppedRecords?: number;
  /** Records the database refused permanently (bad data), kept in the rejected-batches file under the spool dir. */
  rejectedRecords?: number;
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
  health(): StoreHealth;
  close(): Promise<void>;
}

export const TIME_SERIES_STORE = Symbol('TIME_SERIES_STORE');
