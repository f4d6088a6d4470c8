/**
 * ECharts options for one metric of a detector: the last hour's buckets as a line (gaps where buckets are missing),
 * the latest prediction as a dashed line from the last bucket on (in replay the stored ones), and its 80 % interval as a band.
 */
import type { DetectorHorizonForecast, DetectorSeries, DetectorSeriesPoint } from '@arterial/contracts/api/v1';
import type { EChartOption } from '../chart/echart';
import { OKABE_ITO } from '../chart/palette';

export type DetectorMetric = 'volume' | 'occupancyPct' | 'speedKph';

type Pair = [number, number | null];

export function historyPoints(series: DetectorSeries, metric: DetectorMetric): Pair[] {
  const stepMs = series.stepS * 1000;
  const pairs: Pair[] = [];
  let previous: number | null = null;
  for (const point of [...series.points].sort((a, b) => a.ts - b.ts)) {
    // A null between buckets more than one step apart breaks the line: an outage shows as a gap.
    if (previous !== null && point.ts - previous > stepMs * 1.5) pairs.push([previous + stepMs, null]);
    pairs.push([point.ts, valueOf(point, metric)]);
    previous = point.ts;
  }
  return pairs;
}

function valueOf(point: DetectorSeriesPoint, metric: DetectorMetric): number | null {
  return metric === 'volume' ? point.volume : point[metric];
}

export interface ForecastPoint {
  ts: number;
  value: number;
  lower: number;
  upper: number;
}

/** Forecasts in the chart's unit: flow (veh/h) becomes vehicles per bucket so it continues the volume line. */
export function forecastPoints(forecasts: readonly DetectorHorizonForecast[] | null, metric: DetectorMetric, stepS: number): ForecastPoint[] {
  if (!forecasts) return [];
  const scale = metric === 'volume' ? stepS / 3600 : 1;
  const key = metric === 'volume' ? 'flowVph' : metric;
  return forecasts.flatMap((f) => {
    const v = f[key];
    return v ? [{ ts: f.targetTs, value: v.value * scale, lower: v.lower * scale, upper: v.upper * scale }] : [];
  });
}

export interface ChartLabels {
  measured: string;
  predicted: string;
  band: string;
  unit: string;
}

/**
 * `joinLast`: the latest prediction starts from the last measured bucket so the two lines join (live); stored
 * forecasts in replay overlap the measured hour and are drawn on their own.
 */
export function detectorChartOption(history: Pair[], forecast: ForecastPoint[], labels: ChartLabels, language: string, joinLast = true): EChartOption {
  const last = joinLast ? [...history].reverse().find((p) => p[1] !== null) : undefined;
  const predicted: Pair[] = forecast.length > 0 && last ? [last, ...forecast.map((f): Pair => [f.ts, f.value])] : forecast.map((f): Pair => [f.ts, f.value]);
  const fmt = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  return {
    grid: { left: 44, right: 12, top: 28, bottom: 28 },
    legend: { top: 0, textStyle: { color: '#cbd5e1' }, data: [labels.measured, labels.predicted, labels.band] },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${fmt.format(v)} ${labels.unit}` : '–') },
    xAxis: { type: 'time', axisLabel: { color: '#94a3b8', hideOverlap: true }, axisLine: { lineStyle: { color: '#475569' } } },
    yAxis: { type: 'value', min: 0, axisLabel: { color: '#94a3b8' }, splitLine: { lineStyle: { color: '#1e2b47' } } },
    series: [
      { name: labels.measured, type: 'line', data: history, showSymbol: false, connectNulls: false, lineStyle: { width: 2, color: OKABE_ITO[0] }, itemStyle: { color: OKABE_ITO[0] } },
      { name: labels.predicted, type: 'line', data: predicted, showSymbol: true, symbolSize: 5, lineStyle: { width: 2, type: 'dashed', color: OKABE_ITO[1] }, itemStyle: { color: OKABE_ITO[1] } },
      // The band: an invisible lower line, and the interval's width stacked on it and filled.
      { name: `${labels.band}-base`, type: 'line', data: forecast.map((f) => [f.ts, f.lower]), stack: 'band', lineStyle: { opacity: 0 }, showSymbol: false, silent: true, tooltip: { show: false } },
      {
        name: labels.band,
        type: 'line',
        data: forecast.map((f) => [f.ts, f.upper - f.lower]),
        stack: 'band',
        lineStyle: { opacity: 0 },
        showSymbol: false,
        areaStyle: { color: OKABE_ITO[1], opacity: 0.25 },
        itemStyle: { color: OKABE_ITO[1] },
        tooltip: { show: false },
      },
    ],
  };
}
