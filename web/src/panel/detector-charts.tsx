/** History and prediction charts of one detector of the junction, chosen by tabs (arrow keys move between them). */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart, type EChartOption } from '../chart/echart';
import { formatDateTime } from '../i18n/format';
import { useReplayCursor } from '../replay/replay-context';
import { detectorChartOption, forecastPoints, historyPoints, type DetectorMetric } from './detector-chart-option';
import { HISTORY_STEP_S, useDetectorPrediction, useDetectorSeries } from './intersection-queries';
import { REPLAY_HORIZON_MIN, storedForecastPoints, useStoredPredictions } from './stored-predictions';

const METRICS: readonly DetectorMetric[] = ['volume', 'occupancyPct', 'speedKph'];

/** Points of the prediction line drawn: lets a test see the chart has a forecast without reading the canvas. */
function forecastCount(option: EChartOption): number {
  const series = Array.isArray(option.series) ? (option.series[1] as { data?: unknown[] } | undefined) : undefined;
  return series?.data?.length ?? 0;
}

/** `replayToMs`: the end of the replayed hour (null: live, the last hour and the latest prediction; replay: the stored ones). */
function MetricChart({ detectorId, metric, replayToMs }: { detectorId: string; metric: DetectorMetric; replayToMs: number | null }) {
  const { t, i18n } = useTranslation();
  const series = useDetectorSeries(detectorId, replayToMs);
  const prediction = useDetectorPrediction(detectorId, replayToMs === null);
  const stored = useStoredPredictions(detectorId, replayToMs);
  const option = useMemo(() => {
    if (!series.data) return null;
    const history = historyPoints(series.data, metric);
    const forecast =
      replayToMs === null
        ? forecastPoints(prediction.data?.forecasts ?? null, metric, series.data.stepS)
        : storedForecastPoints(stored.data, metric, series.data.stepS, series.data.from);
    return detectorChartOption(
      history,
      forecast,
      { measured: t('panel.charts.measured'), predicted: t('panel.charts.predicted'), band: t('panel.charts.band'), unit: t(`panel.charts.unit.${metric}`) },
      i18n.language,
      replayToMs === null,
    );
  }, [series.data, prediction.data, stored.data, metric, replayToMs, t, i18n.language]);
  const title = t(`panel.charts.metric.${metric}`);
  return (
    <figure className="chart" data-testid={`panel-chart-${metric}`} data-to={series.data?.to} data-forecasts={option ? forecastCount(option) : undefined}>
      <figcaption>{title}</figcaption>
      {series.isPending && <p className="hint">{t('chart.loading')}</p>}
      {series.isError && <p className="notice notice--warn">{t('chart.error', { message: series.error.message })}</p>}
      {option && <EChart option={option} label={t('panel.charts.label', { metric: title, detector: detectorId })} height={170} />}
    </figure>
  );
}

export function DetectorCharts({ detectorIds }: { detectorIds: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState(detectorIds[0] ?? null);
  const replayToMs = useReplayCursor(HISTORY_STEP_S * 1000);
  if (selected === null) return <p className="hint">{t('panel.charts.noDetectors')}</p>;
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = detectorIds[(detectorIds.indexOf(selected) + step + detectorIds.length) % detectorIds.length];
    if (next) setSelected(next);
  };
  return (
    <div data-testid="detector-charts">
      {replayToMs !== null && (
        <p className="hint" data-testid="charts-replay-window">
          {t('panel.replay.chartsWindow', { to: formatDateTime(replayToMs, i18n.language), minutes: REPLAY_HORIZON_MIN })}
        </p>
      )}
      <div role="tablist" aria-label={t('panel.charts.detectors')} className="tabs" onKeyDown={onKey}>
        {detectorIds.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={id === selected} tabIndex={id === selected ? 0 : -1} onClick={() => setSelected(id)} className="tabs__tab mono">
            {id}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={selected}>
        {METRICS.map((metric) => (
          <MetricChart key={`${selected}-${metric}`} detectorId={selected} metric={metric} replayToMs={replayToMs} />
        ))}
      </div>
    </div>
  );
}
