import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiSeries } from '../api/types';
import { axisFormatter, timeFormatter, tooltipValue } from '../chart/chart-format';
import { downloadCsv, toCsv } from '../chart/csv';
import { EChart, type EChartOption } from '../chart/echart';
import { formatNumber } from '../i18n/format';
import { seriesWithGaps, type ResolvedRange } from './kpi-range';
import type { KpiMetric } from './kpi-metrics';

interface Props {
  metric: KpiMetric;
  series: KpiSeries | undefined;
  range: ResolvedRange;
}

/** The GB/T 33171 level boundaries, drawn faintly on the index chart. */
const INDEX_BANDS = [2, 4, 6, 8];

export function kpiCsv(series: KpiSeries, metric: KpiMetric): string {
  return toCsv(
    ['ts', 'areaId', metric.field, 'samples'],
    series.points.map((p) => [p.ts, series.areaId, p[metric.field], p.samples]),
  );
}

export function KpiChart({ metric, series, range }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const title = t(`kpi.metrics.${metric.field}`);
  const unit = t(`kpi.axisUnits.${metric.field}`);
  const points = series?.points ?? [];
  const values = points.map((p) => p[metric.field]).filter((v): v is number => v !== null);

  const option = useMemo((): EChartOption => {
    const scale = (v: number | null) => (v === null ? null : v * metric.scale);
    return {
      grid: { left: 48, right: 12, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: tooltipValue(lang, metric.fractionDigits, unit ? ` ${unit}` : '') },
      xAxis: { type: 'time', min: range.fromMs, max: range.toMs, axisLabel: { formatter: timeFormatter(lang, range.toMs - range.fromMs), hideOverlap: true } },
      yAxis: { type: 'value', min: metric.yMin, max: metric.yMax, scale: metric.yMin === undefined, axisLabel: { formatter: axisFormatter(lang) } },
      series: [
        {
          type: 'line',
          name: title,
          // Dots only when there are few buckets: a lone bucket between gaps would otherwise be invisible.
          showSymbol: points.length <= 30,
          connectNulls: false,
          data: seriesWithGaps(points, range.stepS, (p) => scale(p[metric.field])),
          ...(metric.field === 'index'
            ? { markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { type: 'dashed', opacity: 0.35 }, data: INDEX_BANDS.map((y) => ({ yAxis: y })) } }
            : {}),
        },
      ],
    };
  }, [points, metric, range, lang, unit, title]);

  const summary =
    values.length === 0
      ? t('kpi.chartEmpty', { metric: title })
      : t('kpi.chartSummary', {
          metric: title,
          min: formatNumber(Math.min(...values) * metric.scale, lang, metric.fractionDigits),
          max: formatNumber(Math.max(...values) * metric.scale, lang, metric.fractionDigits),
          count: points.length,
        });

  return (
    <figure className="kpi-chart" data-testid={`kpi-chart-${metric.field}`} data-points={points.length}>
      <figcaption>
        <span>
          {title}
          {unit && <span className="kpi-chart__unit"> ({unit})</span>}
        </span>
        <button
          type="button"
          className="button button--small"
          disabled={!series || points.length === 0}
          data-testid={`csv-${metric.field}`}
          onClick={() => series && downloadCsv(`arterial-${series.areaId}-${metric.field}-${new Date(range.fromMs).toISOString().slice(0, 16).replace(/:/g, '')}.csv`, kpiCsv(series, metric))}
        >
          {t('kpi.exportCsv')}
        </button>
      </figcaption>
      <EChart option={option} label={summary} height={180} />
      {values.length === 0 && <p className="hint kpi-chart__empty">{t('kpi.noData')}</p>}
    </figure>
  );
}
