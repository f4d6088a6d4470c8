import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv, toCsv } from '../chart/csv';
import { EChart, type EChartOption } from '../chart/echart';
import { VIRIDIS } from '../chart/palette';
import { formatNumber } from '../i18n/format';
import type { NetworkIndex } from '../network/network-index';
import { qualityMatrix } from './quality-matrix';
import { useDailyQuality } from './use-quality';

const ROW_PX = 16;

interface Props {
  network: NetworkIndex | null;
}

/**
 * Day-by-day 0–100 quality score per detector (viridis: dark is poor), worst detectors on top, over the last 14 local
 * days: stored reports of finished days and today's so far, in one request. A day without a report stays blank.
 */
export function QualityHeatmap({ network }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const quality = useDailyQuality({}, network !== null);
  const matrix = useMemo(() => qualityMatrix(quality.data), [quality.data]);

  const option = useMemo((): EChartOption => {
    const dayIndex = new Map(matrix.days.map((d, i) => [d, i]));
    const rowIndex = new Map(matrix.detectors.map((d, i) => [d, i]));
    const cellAt = new Map(matrix.cells.map((c) => [`${dayIndex.get(c.day) ?? 0},${rowIndex.get(c.detectorId) ?? 0}`, c]));
    return {
      grid: { left: 90, right: 16, top: 8, bottom: 64 },
      tooltip: {
        position: 'top',
        formatter: (params: { data: [number, number, number] }) => {
          const [x, y, score] = params.data;
          const cell = cellAt.get(`${x},${y}`);
          const completeness = cell ? `<br/>${t('quality.completeness')}: ${formatNumber(cell.completeness * 100, lang, 1)} %` : '';
          const faults = cell && cell.faults.length > 0 ? `<br/>${t('quality.faults')}: ${cell.faults.join(', ')}` : '';
          return `${matrix.detectors[y] ?? ''} · ${matrix.days[x] ?? ''}<br/>${t('quality.score')}: ${formatNumber(score, lang)}${completeness}${faults}`;
        },
      },
      xAxis: { type: 'category', data: matrix.days, splitArea: { show: true } },
      yAxis: { type: 'category', data: matrix.detectors, inverse: true, axisLabel: { fontSize: 10 } },
      visualMap: { min: 0, max: 100, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: [...VIRIDIS] }, text: [t('quality.good'), t('quality.poor')] },
      series: [
        {
          type: 'heatmap',
          name: t('quality.score'),
          data: matrix.cells.map((c) => [dayIndex.get(c.day) ?? 0, rowIndex.get(c.detectorId) ?? 0, Math.round(c.score)]),
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
      ],
    };
  }, [matrix, t, lang]);

  const exportCsv = () =>
    downloadCsv(
      `arterial-detector-quality-${matrix.days[matrix.days.length - 1] ?? 'none'}.csv`,
      toCsv(
        ['detectorId', 'day', 'score', 'completeness', 'status', 'faults', 'warnings'],
        matrix.cells.map((c) => [c.detectorId, c.day, c.score, c.completeness, c.status, c.faults.join(' '), c.warnings.join(' ')]),
      ),
    );

  return (
    <section className="quality" aria-labelledby="quality-heading" data-testid="quality-heatmap" data-cells={matrix.cells.length} data-days={matrix.days.length} data-missing={matrix.missing}>
      <figure className="kpi-chart kpi-chart--wide">
        <figcaption>
          <span id="quality-heading">{t('quality.heading')}</span>
          <button type="button" className="button button--small" disabled={matrix.cells.length === 0} onClick={exportCsv} data-testid="csv-quality">
            {t('kpi.exportCsv')}
          </button>
        </figcaption>
        {quality.isPending && quality.fetchStatus !== 'idle' && <p className="hint">{t('quality.loading')}</p>}
        {quality.isError && <p className="notice">{t('quality.failed', { message: quality.error.message })}</p>}
        {quality.isSuccess && matrix.cells.length === 0 && <p className="hint">{t('quality.none')}</p>}
        {matrix.cells.length > 0 && (
          <EChart option={option} label={t('quality.summary', { detectors: matrix.detectors.length, days: matrix.days.length })} height={Math.min(640, 90 + matrix.detectors.length * ROW_PX)} />
        )}
        <p className="hint">{t('quality.historyNote')}</p>
      </figure>
    </section>
  );
}
