/** Shared shaping of query results, so both stores answer alike. */
import type { ControllerState } from '@arterial/contracts/mqtt/v1';
import type { SignalStatePoint } from './time-series-store';

/** Start of the bucket holding ts; buckets are aligned to the epoch, as InfluxQL GROUP BY time() does. */
export function bucketStart(ts: number, stepMs: number): number {
  return Math.floor(ts / stepMs) * stepMs;
}

export function parseGreenPhases(value: unknown): number[] {
  if (typeof value !== 'string' || value === '') return [];
  return value
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n));
}

const MODES: readonly ControllerState['mode'][] = ['fixed', 'adaptive', 'manual', 'flash', 'off'];

export function toSignalStatePoint(row: { ts: number; mode: unknown; planId: unknown; cycleS: unknown; cycleSecond: unknown; greenPhases: unknown }): SignalStatePoint {
  const mode = MODES.find((m) => m === row.mode) ?? 'off';
  return {
    ts: row.ts,
    mode,
    planId: typeof row.planId === 'string' ? row.planId : '',
    cycleS: typeof row.cycleS === 'number' ? row.cycleS : 0,
    cycleSecond: typeof row.cycleSecond === 'number' ? row.cycleSecond : 0,
    greenPhases: parseGreenPhases(row.greenPhases),
  };
}
