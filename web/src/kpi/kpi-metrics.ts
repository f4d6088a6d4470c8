/** The indicators charted and carded, each by its contract field name (which the CSV export uses too). */
import type { Kpi, KpiPoint } from '../api/types';

export type KpiField = 'meanSpeedKph' | 'tti' | 'index' | 'delayVehH' | 'congestedLinkKm' | 'detectorCompleteness' | 'meanQualityScore';

export interface KpiMetric {
  field: KpiField;
  fractionDigits: number;
  /** Shown value = contract value × scale (completeness is a 0–1 share, shown in %). */
  scale: number;
  /** Fixed y-axis bounds where the quantity has them. */
  yMin?: number;
  yMax?: number;
}

export const KPI_METRICS: readonly KpiMetric[] = [
  { field: 'meanSpeedKph', fractionDigits: 1, scale: 1, yMin: 0 },
  { field: 'tti', fractionDigits: 2, scale: 1 },
  { field: 'index', fractionDigits: 1, scale: 1, yMin: 0, yMax: 10 },
  { field: 'delayVehH', fractionDigits: 1, scale: 1, yMin: 0 },
  { field: 'congestedLinkKm', fractionDigits: 2, scale: 1, yMin: 0 },
  { field: 'detectorCompleteness', fractionDigits: 0, scale: 100, yMin: 0, yMax: 100 },
  { field: 'meanQualityScore', fractionDigits: 0, scale: 1, yMin: 0, yMax: 100 },
];

export function metricValue(source: Pick<Kpi | KpiPoint, KpiField>, metric: KpiMetric): number | null {
  const raw = source[metric.field];
  return raw === null ? null : raw * metric.scale;
}
