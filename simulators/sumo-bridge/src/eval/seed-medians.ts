/**
 * One figure per variant from several seeds: the median of each measure over the seeds whose run finished. The
 * platform's variants are not bit-for-bit repeatable (plans travel over MQTT while SUMO steps as fast as it can)
 * and strategies may differ by little, so the summary compares medians; the report keeps every seed's run too.
 */
import type { VariantRun } from './eval-report';

/** Measures taken as the median over seeds (rounded to 0.01). */
const MEDIAN_FIELDS = [
  'meanDelayS', 'meanTimeLossS', 'meanWaitingS', 'meanTravelTimeS', 'arrived', 'running', 'notInserted', 'plansSent', 'plansRejected', 'unsafe', 'plansExpired', 'phasesSkipped', 'simulatedS',
] as const;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 100) / 100;
}

/**
 * The medians of the runs that finished; rejections by rule code and wall time summed over every seed. When no
 * seed finished, the first run with every seed's error.
 */
export function medianRun(runs: readonly { seed: number; run: VariantRun }[]): VariantRun {
  const finished = runs.filter((r) => !r.run.error).map((r) => r.run);
  if (finished.length === 0) {
    const first = runs[0]?.run;
    if (!first) throw new Error('no runs to take the median of');
    return { ...first, error: runs.map((r) => (runs.length > 1 ? `seed ${r.seed}: ${r.run.error}` : String(r.run.error))).join('; ') };
  }
  const rejectedBy: Record<string, number> = {};
  for (const run of finished) for (const [code, n] of Object.entries(run.rejectedBy)) rejectedBy[code] = (rejectedBy[code] ?? 0) + n;
  const medians = Object.fromEntries(MEDIAN_FIELDS.map((f) => [f, median(finished.map((r) => r[f]))])) as Pick<VariantRun, (typeof MEDIAN_FIELDS)[number]>;
  return { ...medians, rejectedBy, wallS: Math.round(runs.reduce((sum, r) => sum + r.run.wallS, 0) * 10) / 10 };
}
