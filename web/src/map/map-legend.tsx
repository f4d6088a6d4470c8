import { useTranslation } from 'react-i18next';
import { CONGESTION_LEVELS, INTERSECTION_STATUSES } from '../live/live-status';
import { CONGESTION_COLORS, INTERSECTION_COLORS } from './palette';

export function MapLegend() {
  const { t } = useTranslation();
  return (
    <details className="legend" open>
      <summary>{t('map.legend')}</summary>
      <div className="legend__group">
        <h3>{t('map.links')}</h3>
        <ul>
          {CONGESTION_LEVELS.map((level) => (
            <li key={level}>
              <span className="legend__line" style={{ background: CONGESTION_COLORS[level] }} aria-hidden="true" />
              {t(`congestion.${level}`)}
            </li>
          ))}
        </ul>
      </div>
      <div className="legend__group">
        <h3>{t('map.intersections')}</h3>
        <ul>
          {INTERSECTION_STATUSES.map((status) => (
            <li key={status}>
              <span className="legend__dot" style={{ background: INTERSECTION_COLORS[status] }} aria-hidden="true" />
              {t(`status.${status}`)}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
