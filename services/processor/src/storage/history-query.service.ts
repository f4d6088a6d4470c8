/** History reads for the REST layer: validates ranges, picks a default step, then asks the store. */
import { Inject, Injectable } from '@nestjs/common';
import { MAX_DEAD_LETTER_LIMIT, MAX_KPI_POINTS, MAX_SERIES_POINTS, type ControlAuditEvent, type KpiPoint } from '@arterial/contracts/api/v1';
import type { ControlAuditQuery } from './control-points';
import { InvalidRangeError } from './storage.errors';
import { TIME_SERIES_STORE, type DeadLetterRecord, type DetectorQualityDay, type DetectorSeriesPoint, type LinkEstimatePoint, type SignalStatePoint, type TimeSeriesStore } from './time-series-store';

// The bucket and row limits are part of the REST contract, so clients and the OpenAPI document see the same numbers.
export { MAX_SERIES_POINTS };
/** Buckets a default step aims for. */
export const TARGET_SERIES_POINTS = 360;
/** Most rows a state or dead-letter request may return. */
export const MAX_ROWS = MAX_DEAD_LETTER_LIMIT;
export const DEFAULT_ROWS = 1_000;
/** Steps a default is rounded up to, in seconds. */
const NICE_STEPS_S = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface HistoryRange {
  fromMs: number;
  toMs: number;
}

export interface DetectorHistory {
  detectorId: string;
  fromMs: number;
  toMs: number;
  stepS: number;
  points: DetectorSeriesPoint[];
}

@Injectable()
export class HistoryQueryService {
  constructor(@Inject(TIME_SERIES_STORE) private readonly store: TimeSeriesStore) {}

  /** Throws InvalidRangeError when from ≥ to, the step is not a positive integer, or there would be more than MAX_SERIES_POINTS buckets. */
  async detectorSeries(detectorId: string, range: HistoryRange, stepS?: number): Promise<DetectorHistory> {
    validateRange(range);
    const step = stepS ?? defaultStepS(range);
    if (!Number.isInteger(step) || step < 1) throw new InvalidRangeError(`step must be a positive whole number of seconds, got ${step}`);
    const buckets = Math.ceil((range.toMs - range.fromMs) / 1000 / step);
    if (buckets > MAX_SERIES_POINTS) throw new InvalidRangeError(`range/step gives ${buckets} buckets; at most ${MAX_SERIES_POINTS} allowed — use a larger step`);
    const points = await this.store.detectorSeries(detectorId, range, step);
    return { detectorId, fromMs: range.fromMs, toMs: range.toMs, stepS: step, points };
  }

  /** An area's stored KPIs; throws InvalidRangeError as detectorSeries does (limit MAX_KPI_POINTS buckets). */
  async kpiSeries(areaId: string, range: HistoryRange, stepS: number): Promise<{ fromMs: number; toMs: number; stepS: number; points: KpiPoint[] }> {
    validateRange(range);
    if (!Number.isInteger(stepS) || stepS < 1) throw new InvalidRangeError(`step must be a positive whole number of seconds, got ${stepS}`);
    const buckets = Math.ceil((range.toMs - range.fromMs) / 1000 / stepS);
    if (buckets > MAX_KPI_POINTS) throw new InvalidRangeError(`range/step gives ${buckets} buckets; at most ${MAX_KPI_POINTS} allowed — use a larger step`);
    return { fromMs: range.fromMs, toMs: range.toMs, stepS, points: await this.store.kpiSeries(areaId, range, stepS) };
  }

  /** A link's stored estimates; throws InvalidRangeError as detectorSeries does (default step ~360 buckets). */
  async linkEstimateSeries(linkId: string, range: HistoryRange, stepS?: number): Promise<{ fromMs: number; toMs: number; stepS: number; points: LinkEstimatePoint[] }> {
    validateRange(range);
    const step = stepS ?? defaultStepS(range);
    if (!Number.isInteger(step) || step < 1) throw new InvalidRangeError(`step must be a positive whole number of seconds, got ${step}`);
    const buckets = Math.ceil((range.toMs - range.fromMs) / 1000 / step);
    if (buckets > MAX_SERIES_POINTS) throw new InvalidRangeError(`range/step gives ${buckets} buckets; at most ${MAX_SERIES_POINTS} allowed — use a larger step`);
    return { fromMs: range.fromMs, toMs: range.toMs, stepS: step, points: await this.store.linkEstimateSeries(linkId, range, step) };
  }

  /** Stored daily quality reports of the days starting in the range (the caller bounds it in days). */
  async dailyQuality(range: HistoryRange, detectorId?: string): Promise<{ detectorId: string; report: DetectorQualityDay }[]> {
    validateRange(range);
    return this.store.dailyQuality(range, detectorId);
  }

  async intersectionStates(intersectionId: string, range: HistoryRange, limit = DEFAULT_ROWS): Promise<SignalStatePoint[]> {
    validateRange(range);
    return this.store.intersectionStates(intersectionId, range, validateLimit(limit));
  }

  async deadLetters(range: HistoryRange, limit = DEFAULT_ROWS): Promise<DeadLetterRecord[]> {
    validateRange(range);
    return this.store.deadLetters(range, validateLimit(limit));
  }

  /** The control audit trail over a range (the contract bounds the limit). */
  async controlAudit(query: ControlAuditQuery): Promise<ControlAuditEvent[]> {
    validateRange(query.range);
    return this.store.controlAudit(query);
  }
}

/** Smallest "nice" step giving at most TARGET_SERIES_POINTS buckets. */
export function defaultStepS(range: HistoryRange): number {
  const spanS = Math.max(1, (range.toMs - range.fromMs) / 1000);
  const wanted = Math.ceil(spanS / TARGET_SERIES_POINTS);
  return NICE_STEPS_S.find((s) => s >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

function validateRange(range: HistoryRange): void {
  if (!Number.isFinite(range.fromMs) || !Number.isFinite(range.toMs)) throw new InvalidRangeError('from and to must be epoch milliseconds');
  if (range.fromMs >= range.toMs) throw new InvalidRangeError(`from (${range.fromMs}) must be before to (${range.toMs})`);
}

function validateLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS) throw new InvalidRangeError(`limit must be a whole number from 1 to ${MAX_ROWS}, got ${limit}`);
  return limit;
}
