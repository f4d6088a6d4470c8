/**
 * Stored rows back to what replay reads: a controller status row (as export reads it, raw-records.ts) and the rows of
 * a detector's forecasts at one horizon, one row per target, joined by issue time. Shared by both stores.
 */
import { MEASUREMENTS } from './line-protocol';
import { rawRecordFromRow } from './raw-records';
import type { ControllerStatusBucket, StoredDetectorForecast } from './time-series-store';

/** A `controller_status` row (time, intersectionId, online, firmware, faults) as a status stamped `ts`; undefined if incomplete. */
export function controllerStatusFromRow(ts: number, row: Record<string, unknown>): ControllerStatusBucket | undefined {
  const record = rawRecordFromRow(MEASUREMENTS.controllerStatus, { ...row, time: ts });
  if (record?.kind !== 'controller-status') return undefined;
  return { ts, online: record.payload.online, firmware: record.payload.firmware, faults: record.payload.faults };
}

const TARGETS = ['flowVph', 'speedKph', 'occupancyPct'] as const;

/** `prediction` rows (time = issue time, target, value, lower, upper) as forecasts by issue time, ascending. */
export function forecastsFromRows(rows: readonly Record<string, unknown>[], horizonMin: number): StoredDetectorForecast[] {
  const byIssue = new Map<number, StoredDetectorForecast>();
  for (const row of rows) {
    const issuedAt = row.time;
    const target = TARGETS.find((t) => t === row.target);
    const { value, lower, upper } = row;
    if (typeof issuedAt !== 'number' || target === undefined || typeof value !== 'number' || typeof lower !== 'number' || typeof upper !== 'number') continue;
    let forecast = byIssue.get(issuedAt);
    if (!forecast) byIssue.set(issuedAt, (forecast = { issuedAt, targetTs: issuedAt + horizonMin * 60_000, flowVph: null, speedKph: null, occupancyPct: null }));
    forecast[target] = { value, lower, upper };
  }
  return [...byIssue.values()].sort((a, b) => a.issuedAt - b.issuedAt);
}
