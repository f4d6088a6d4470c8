/**
 * A TimeSeriesStore decorator that passes on only the record kinds a replay produces (estimates, quality, KPIs,
 * alerts, predictions, dead letters), not the raw device messages it was fed: those are already in the recording.
 */
import type { Alert, ControlAuditEvent, DispatchedPlan, SecurityAuditEvent } from '@arterial/contracts/api/v1';
import type { AlertHistoryQuery } from '../storage/alert-points';
import type { ControlAuditQuery } from '../storage/control-points';
import type { SecurityAuditStoreQuery } from '../storage/security-audit-points';
import type { RawRecord } from '../storage/raw-records';
import type { ControllerStatusSeriesOf, DeadLetterRecord, DetectorQualityDay, DetectorSeriesPoint, KpiPoint, LinkEstimatePoint, LinkEstimateSeriesOf, SignalStatePoint, SignalStateSeriesOf, StoredDetectorForecast, StoreHealth, TimeRange, TimeSeriesRecord, TimeSeriesStore } from '../storage/time-series-store';

/** Record kinds that are the input of a replay, not its results. */
export const RAW_RECORD_KINDS: ReadonlySet<string> = new Set(['measurement', 'signal-state', 'controller-status', 'plan-ack', 'command-ack']);

export class ResultKindsStore implements TimeSeriesStore {
  private readonly byKind = new Map<string, number>();

  constructor(private readonly inner: TimeSeriesStore) {}

  /** Records passed on, by kind. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.byKind.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  write(records: readonly TimeSeriesRecord[]): void {
    // nearly every write is one raw device message: dropped without building a filtered copy
    if (records.every((r) => RAW_RECORD_KINDS.has(r.kind))) return;
    const results = records.filter((r) => !RAW_RECORD_KINDS.has(r.kind));
    for (const r of results) this.byKind.set(r.kind, (this.byKind.get(r.kind) ?? 0) + 1);
    if (results.length > 0) this.inner.write(results);
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  detectorSeries(detectorId: string, range: TimeRange, stepS: number): Promise<DetectorSeriesPoint[]> {
    return this.inner.detectorSeries(detectorId, range, stepS);
  }

  intersectionStates(intersectionId: string, range: TimeRange, limit: number): Promise<SignalStatePoint[]> {
    return this.inner.intersectionStates(intersectionId, range, limit);
  }

  deadLetters(range: TimeRange, limit: number): Promise<DeadLetterRecord[]> {
    return this.inner.deadLetters(range, limit);
  }

  kpiSeries(areaId: string, range: TimeRange, stepS: number): Promise<KpiPoint[]> {
    return this.inner.kpiSeries(areaId, range, stepS);
  }

  linkEstimateSeries(linkId: string, range: TimeRange, stepS: number): Promise<LinkEstimatePoint[]> {
    return this.inner.linkEstimateSeries(linkId, range, stepS);
  }

  allLinkEstimateSeries(range: TimeRange, stepS: number): Promise<LinkEstimateSeriesOf[]> {
    return this.inner.allLinkEstimateSeries(range, stepS);
  }

  signalStateBuckets(range: TimeRange, stepS: number): Promise<SignalStateSeriesOf[]> {
    return this.inner.signalStateBuckets(range, stepS);
  }

  controllerStatusBuckets(range: TimeRange, stepS: number): Promise<ControllerStatusSeriesOf[]> {
    return this.inner.controllerStatusBuckets(range, stepS);
  }

  detectorPredictions(detectorId: string, range: TimeRange, horizonMin: number): Promise<StoredDetectorForecast[]> {
    return this.inner.detectorPredictions(detectorId, range, horizonMin);
  }

  dailyQuality(range: TimeRange, detectorId?: string): Promise<{ detectorId: string; report: DetectorQualityDay }[]> {
    return this.inner.dailyQuality(range, detectorId);
  }

  rawRecords(range: TimeRange): Promise<RawRecord[]> {
    return this.inner.rawRecords(range);
  }

  alerts(query: AlertHistoryQuery): Promise<Alert[]> {
    return this.inner.alerts(query);
  }

  dispatchedPlans(intersectionId: string, range: TimeRange, limit: number): Promise<DispatchedPlan[]> {
    return this.inner.dispatchedPlans(intersectionId, range, limit);
  }

  controlAudit(query: ControlAuditQuery): Promise<ControlAuditEvent[]> {
    return this.inner.controlAudit(query);
  }

  securityAudit(query: SecurityAuditStoreQuery): Promise<SecurityAuditEvent[]> {
    return this.inner.securityAudit(query);
  }

  health(): StoreHealth {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
