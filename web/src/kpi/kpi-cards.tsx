import { useTranslation } from 'react-i18next';
import type { Kpi, KpiPoint } from '../api/types';
import { formatDateTime, formatNumber } from '../i18n/format';
import { LEVEL_COLOURS, levelNumber, levelOfIndex, type LevelNumber } from './gbt-level';
import { KPI_METRICS, metricValue } from './kpi-metrics';

interface Props {
  /** The live feed's latest network KPIs when it has sent any; else the newest stored bucket. */
  latest: Kpi | null;
  fallback: KpiPoint | null;
}

export function KpiCards({ latest, fallback }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const source = latest ?? fallback;
  const level: LevelNumber | null = latest?.level ? levelNumber(latest.level) : source?.index != null ? levelOfIndex(source.index) : null;
  return (
    <section className="kpi-cards" aria-label={t('kpi.cardsLabel')} data-testid="kpi-cards">
      {KPI_METRICS.map((metric) => {
        const value = source ? metricValue(source, metric) : null;
        const shown = value === null ? t('units.none') : t(`kpi.units.${metric.field}`, { value: formatNumber(value, lang, metric.fractionDigits) });
        return (
          <article key={metric.field} className="kpi-card" data-testid={`kpi-card-${metric.field}`} data-has-value={value !== null}>
            <h3>{t(`kpi.metrics.${metric.field}`)}</h3>
            <p className="kpi-card__value">{shown}</p>
            {metric.field === 'index' && level !== null && (
              <p className="kpi-card__level" data-testid="kpi-level">
                <span className="level-swatch" style={{ background: LEVEL_COLOURS[level] }} aria-hidden="true" />
                {t(`kpi.levels.l${level}`)}
              </p>
            )}
          </article>
        );
      })}
      <p className="hint kpi-cards__time">
        {latest ? t('kpi.liveAt', { time: formatDateTime(latest.ts, lang, true) }) : fallback ? t('kpi.storedAt', { time: formatDateTime(fallback.ts, lang) }) : t('kpi.waiting')}
      </p>
    </section>
  );
}
