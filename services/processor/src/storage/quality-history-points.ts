/**
 * Rows of `detector_quality_daily` and `link_estimate` back to their wire shapes, shared by the InfluxDB and in-memory
 * stores so both answer alike. A row is tags and fields by name, `time` in epoch ms.
 */
import { DetectorFault, DetectorWarning, GbtLevel, type DetectorQualityDay, type LinkEstimatePoint } from '@arterial/contracts/api/v1';

const literals = (union: { anyOf: readonly { const: string }[] }): ReadonlySet<string> => new Set(union.anyOf.map((s) => s.const));
const FAULTS = literals(DetectorFault);
const WARNINGS = literals(DetectorWarning);
const LEVELS = literals(GbtLevel);
const STATUSES: ReadonlySet<string> = new Set(['good', 'suspect', 'bad']);

/** A stored daily report, or undefined when the row is not one (a point written by some other version). */
export function dailyQualityFromRow(row: Record<string, unknown>): { detectorId: string; report: DetectorQualityDay } | undefined {
  const { detectorId, day, status, score, completeness } = row;
  if (typeof detectorId !== 'string' || typeof day !== 'string' || typeof status !== 'string' || !STATUSES.has(status)) return undefined;
  if (typeof score !== 'number' || typeof completeness !== 'number') return undefined;
  return {
    detectorId,
    report: {
      day,
      score,
      completeness,
      status: status as DetectorQualityDay['status'],
      faults: listOf(row.faults, FAULTS) as DetectorQualityDay['faults'],
      warnings: listOf(row.warnings, WARNINGS) as DetectorQualityDay['warnings'],
    },
  };
}

/** Orders daily reports as the port promises: by detector id, then day. */
export function compareDaily(a: { detectorId: string; report: DetectorQualityDay }, b: { detectorId: string; report: DetectorQualityDay }): number {
  return a.detectorId < b.detectorId ? -1 : a.detectorId > b.detectorId ? 1 : a.report.day < b.report.day ? -1 : a.report.day > b.report.day ? 1 : 0;
}

/** A link estimate bucket from its aggregates (`samples` counts the bucket's intervals). */
export function linkEstimatePoint(ts: number, a: { level: unknown; tti: unknown; speedKph: unknown; flowVph: unknown; samples: number }): LinkEstimatePoint {
  return {
    ts,
    level: typeof a.level === 'string' && LEVELS.has(a.level) ? (a.level as LinkEstimatePoint['level']) : null,
    tti: finiteOrNull(a.tti),
    speedKph: finiteOrNull(a.speedKph),
    flowVph: finiteOrNull(a.flowVph),
    samples: a.samples,
  };
}

function listOf(value: unknown, allowed: ReadonlySet<string>): string[] {
  if (typeof value !== 'string' || value === '') return [];
  return value.split(',').filter((v) => allowed.has(v));
}

const finiteOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
