import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks';
import type { NetworkIndex } from '../network/network-index';
import { QualityHeatmap } from '../quality/quality-heatmap';
import { DistrictBreakdown } from './district-breakdown';
import { KpiCards } from './kpi-cards';
import { KpiChart } from './kpi-chart';
import { resolveRange, type RangeChoice } from './kpi-range';
import { KPI_METRICS } from './kpi-metrics';
import { RangePicker } from './range-picker';
import { useKpiSeries, useLatestKpis } from './use-kpis';

const NETWORK_AREA = 'network';

interface Props {
  network: NetworkIndex | null;
}

/** The indicator centre: network KPI cards, their history, districts and detector data quality. */
export function IndicatorsView({ network }: Props) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<RangeChoice>({ kind: 'preset', preset: '1h' });
  const latest = useLatestKpis();
  // "Now" moves with the live feed's KPIs (once a minute) and a one-minute clock when the feed is quiet.
  const now = Math.max(useNow(60_000), latest?.ts ?? 0);
  const range = resolveRange(choice, now);
  const series = useKpiSeries(NETWORK_AREA, range);
  const networkLatest = latest?.kpis.find((k) => k.areaId === NETWORK_AREA) ?? null;
  const districts = latest?.kpis.filter((k) => k.areaId !== NETWORK_AREA) ?? [];
  const points = series.data?.points ?? [];

  return (
    <section className="view indicators-view" aria-labelledby="indicators-heading" data-testid="indicators-view">
      <div className="view__header">
        <h2 id="indicators-heading">{t('kpi.heading')}</h2>
        <RangePicker choice={choice} onChange={setChoice} />
      </div>
      <KpiCards latest={networkLatest} fallback={points[points.length - 1] ?? null} />
      {series.isError && (
        <div className="notice" role="alert">
          <p>{t('kpi.loadError', { message: series.error.message })}</p>
          <button type="button" className="button" onClick={() => void series.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      )}
      <div className="kpi-charts" aria-busy={series.isFetching}>
        {KPI_METRICS.map((metric) => (
          <KpiChart key={metric.field} metric={metric} series={series.data} range={range} />
        ))}
      </div>
      {districts.length > 0 && <DistrictBreakdown districts={districts} range={range} />}
      <QualityHeatmap network={network} />
    </section>
  );
}
