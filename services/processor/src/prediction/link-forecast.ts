/**
 * Link forecasts from detector forecasts: the mean over the link's detectors that have a finite forecast, for each
 * horizon. Fine for speed and occupancy; for volume it is the per-detector (per-lane) mean, not the link total.
 */
import type { Forecast } from './prediction-model';

export interface LinkForecast {
  linkIds: string[];
  /** [horizons × links], NaN for a link without detectors. */
  point: Float32Array;
  lower: Float32Array;
  upper: Float32Array;
}

export function linkForecast(forecast: Forecast, detectorLinks: readonly (string | undefined)[], horizons: number): LinkForecast {
  const n = detectorLinks.length;
  const linkIds = [...new Set(detectorLinks.filter((l): l is string => l !== undefined))].sort();
  const index = new Map(linkIds.map((id, i) => [id, i]));
  const m = linkIds.length;
  const out = { point: new Float32Array(horizons * m), lower: new Float32Array(horizons * m), upper: new Float32Array(horizons * m) };
  const count = new Float32Array(horizons * m);
  for (let k = 0; k < horizons; k++) {
    for (let d = 0; d < n; d++) {
      const link = detectorLinks[d];
      const l = link === undefined ? undefined : index.get(link);
      const p = forecast.point[k * n + d] as number;
      if (l === undefined || !Number.isFinite(p)) continue;
      const i = k * m + l;
      out.point[i] = (out.point[i] as number) + p;
      out.lower[i] = (out.lower[i] as number) + (forecast.lower[k * n + d] as number);
      out.upper[i] = (out.upper[i] as number) + (forecast.upper[k * n + d] as number);
      count[i] = (count[i] as number) + 1;
    }
  }
  for (let i = 0; i < count.length; i++) {
    const c = count[i] as number;
    out.point[i] = c > 0 ? (out.point[i] as number) / c : NaN;
    out.lower[i] = c > 0 ? (out.lower[i] as number) / c : NaN;
    out.upper[i] = c > 0 ? (out.upper[i] as number) / c : NaN;
  }
  return { linkIds, ...out };
}
