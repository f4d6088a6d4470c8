import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kpi } from '../api/types';
import { axisFormatter, timeFormatter, tooltipValue } from '../chart/chart-format';
import { downloadCsv, toCsv } from '../chart/csv';
import { EChart, type EChartOption } from '../chart/echart';
import { formatNumber } from '../i18n/format';
import { levelNumber } from './gbt-level';
import { seriesWithGaps, type ResolvedRange } from './kpi-range';
import { KPI_METRICS, metricValue } from './kpi-metrics';
import { useDistrictSeries } from './use-kpis';

interface Props {
  districts: readonly Kpi[];
  range: ResolvedRange;
}

/** Each district's latest KPIs in a table, and their mean speeds over the range in one chart. */
export function DistrictBreakdown({ districts, range }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ids = useMemo(() => districts.map((d) => d.areaId), [districts]);
  const seriesList = useDistrictSeries(ids, range);
  const unit = t('kpi.axisUnits.meanSpeedKph');

  const option = useMemo(
    (): EChartOption => ({
      grid: { left: 48, right: 12, top: 32, bottom: 28 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: tooltipValue(lang, 1, ` ${unit}`) },
      xAxis: { type: 'time', min: range.fromMs, max: range.toMs, axisLabel: { formatter: timeFormatter(lang, range.toMs - range.fromMs), hideOverlap: true } },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: axisFormatter(lang) } },
      series: seriesList.map((s) => ({ type: 'line', name: s.areaId, showSymbol: false, data: seriesWithGaps(s.points, range.stepS, (p) => p.meanSpeedKph) })),
    }),
    [lang, unit, range, seriesList],
  );
  const exportCsv = () =>
    downloadCsv(
      `arterial-districts-meanSpeedKph-${new Date(range.fromMs).toISOString().slice(0, 16).replace(/:/g, '')}.csv`,
      toCsv(
        ['ts', 'areaId', 'meanSpeedKph', 'samples'],
        seriesList.flatMap((s) => s.points.map((p) => [p.ts, s.areaId, p.meanSpeedKph, p.samples])),
      ),
    );

  return (
    <section className="districts" aria-labelledby="districts-heading" data-testid="districts">
      <h3 id="districts-heading">{t('kpi.districts.heading')}</h3>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('kpi.districts.area')}</th>
              {KPI_METRICS.map((m) => (
                <th key={m.field} scope="col">
                  {t(`kpi.metrics.${m.field}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {districts.map((d) => (
              <tr key={d.areaId}>
                <th scope="row">{d.areaId}</th>
                {KPI_METRICS.map((m) => {
                  const v = metricValue(d, m);
                  return (
                    <td key={m.field}>
                      {v === null ? t('units.none') : formatNumber(v, lang, m.fractionDigits)}
                      {m.field === 'index' && d.level && ` · ${t(`kpi.levels.l${levelNumber(d.level)}`)}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure className="kpi-chart kpi-chart--wide">
        <figcaption>
          <span>
            {t('kpi.districts.speedChart')} <span className="kpi-chart__unit">({unit})</span>
          </span>
          <button type="button" className="button button--small" disabled={seriesList.length === 0} onClick={exportCsv}>
            {t('kpi.exportCsv')}
          </button>
        </figcaption>
        <EChart option={option} label={t('kpi.districts.speedChart')} height={220} />
      </figure>
    </section>
  );
}
