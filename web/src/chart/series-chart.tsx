/** A small dependency-free SVG line chart for one metric of a detector series; gaps where buckets are empty. */
import { useTranslation } from 'react-i18next';
import type { DetectorSeries, DetectorSeriesPoint } from '../api/types';
import { formatNumber, formatTime } from '../i18n/format';

interface Props {
  title: string;
  series: DetectorSeries;
  value: (point: DetectorSeriesPoint) => number | null;
  fractionDigits: number;
  /** Lowest top of the y axis, so small values are not blown up to full height. */
  minYMax?: number;
  thresholds?: readonly { value: number; color: string }[];
  testId?: string;
}

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { left: 34, right: 8, top: 8, bottom: 18 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Polyline segments in plot coordinates, split wherever a bucket has no value or is missing altogether
 * (the API leaves empty buckets out), so an outage shows as a gap rather than a straight line across it.
 */
export function chartSegments(
  points: readonly DetectorSeriesPoint[],
  value: (point: DetectorSeriesPoint) => number | null,
  stepMs: number,
  x: (ts: number) => number,
  y: (v: number) => number,
): { x: number; y: number }[][] {
  const segments: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  let previousTs = Number.NEGATIVE_INFINITY;
  for (const point of [...points].sort((a, b) => a.ts - b.ts)) {
    const v = point.samples > 0 ? value(point) : null;
    const gap = point.ts - previousTs > stepMs * 1.5;
    previousTs = point.ts;
    if (v === null || !Number.isFinite(v) || gap) {
      if (current.length > 0) segments.push(current);
      current = [];
    }
    if (v !== null && Number.isFinite(v)) current.push({ x: x(point.ts), y: y(v) });
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

export function SeriesChart({ title, series, value, fractionDigits, minYMax = 1, thresholds = [], testId }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const values = series.points.filter((p) => p.samples > 0).map(value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) {
    return (
      <figure className="chart" data-testid={testId}>
        <figcaption>{title}</figcaption>
        <p className="hint">{t('chart.noData')}</p>
      </figure>
    );
  }
  const yMax = niceCeiling(Math.max(minYMax, ...values));
  const span = Math.max(1, series.to - series.from);
  const x = (ts: number) => PAD.left + ((ts - series.from) / span) * PLOT_W;
  const y = (v: number) => PAD.top + PLOT_H - (Math.min(v, yMax) / yMax) * PLOT_H;
  const segments = chartSegments(series.points, value, series.stepS * 1000, x, y);
  const fmt = (v: number) => formatNumber(v, lang, fractionDigits);
  const summary = t('chart.summary', {
    metric: title,
    min: fmt(Math.min(...values)),
    max: fmt(Math.max(...values)),
    latest: fmt(values[values.length - 1] ?? 0),
  });
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(yMax * f)} y2={y(yMax * f)} />
            <text className="chart__axis" x={PAD.left - 4} y={y(yMax * f) + 3} textAnchor="end">
              {formatNumber(yMax * f, lang)}
            </text>
          </g>
        ))}
        {thresholds
          .filter((th) => th.value < yMax)
          .map((th) => (
            <line key={th.value} className="chart__threshold" stroke={th.color} x1={PAD.left} x2={WIDTH - PAD.right} y1={y(th.value)} y2={y(th.value)} />
          ))}
        {segments.map((segment, i) =>
          segment.length === 1 ? (
            <circle key={i} className="chart__dot" cx={segment[0]?.x} cy={segment[0]?.y} r={1.8} />
          ) : (
            <polyline key={i} className="chart__line" points={segment.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')} />
          ),
        )}
        <text className="chart__axis" x={PAD.left} y={HEIGHT - 4} textAnchor="start">
          {formatTime(series.from, lang, false)}
        </text>
        <text className="chart__axis" x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
          {formatTime(series.to, lang, false)}
        </text>
      </svg>
    </figure>
  );
}
