import { useTranslation } from 'react-i18next';
import { CONGESTION_LEVELS, INTERSECTION_STATUSES, type DetectorStatus } from '../live/live-status';
import { formatNumber } from '../i18n/format';
import { GBT_LEVELS, SPEED_STOPS_KPH, TTI_BOUNDS, type LinkColorMode } from './link-color-modes';
import { CONGESTION_COLORS, CONGESTION_SCALE, DETECTOR_COLORS, INTERSECTION_COLORS, NO_DATA_COLOR } from './palette';

interface Props {
  mode: LinkColorMode;
  /** Horizon of the prediction overlay when it is shown. */
  predictionHorizonMin: number | null;
}

interface Entry {
  color: string;
  label: string;
}

const DETECTOR_LEGEND: readonly DetectorStatus[] = ['ok', 'degraded', 'failed', 'stale'];

/** The legend of the link colours follows the colour mode, in the same order as the scale. */
function useLinkEntries(mode: LinkColorMode): Entry[] {
  const { t, i18n } = useTranslation();
  const n = (value: number, digits = 0) => formatNumber(value, i18n.language, digits);
  const noData = { color: NO_DATA_COLOR, label: t('map.noData') };
  switch (mode) {
    case 'level':
      return [...GBT_LEVELS.map((level, i) => ({ color: CONGESTION_SCALE[i] ?? NO_DATA_COLOR, label: t(`map.gbt.${level}`) })), noData];
    case 'tti': {
      const [b0, b1, b2, b3] = TTI_BOUNDS;
      const labels = [
        t('map.below', { value: n(b0, 1) }),
        t('map.between', { low: n(b0, 1), high: n(b1, 1) }),
        t('map.between', { low: n(b1, 1), high: n(b2, 1) }),
        t('map.between', { low: n(b2, 1), high: n(b3, 1) }),
        t('map.atLeast', { value: n(b3, 1) }),
      ];
      return [...labels.map((label, i) => ({ color: CONGESTION_SCALE[i] ?? NO_DATA_COLOR, label })), noData];
    }
    case 'speed': {
      // Fastest first, like the other modes (free flow at the top).
      const stops = [...SPEED_STOPS_KPH].reverse();
      return [
        ...stops.map((kph, i) => ({ color: CONGESTION_SCALE[i] ?? NO_DATA_COLOR, label: t('map.speedKph', { value: n(kph) }) })),
        noData,
      ];
    }
    case 'occupancy':
      return CONGESTION_LEVELS.map((level) => ({ color: CONGESTION_COLORS[level], label: t(`congestion.${level}`) }));
  }
}

export function MapLegend({ mode, predictionHorizonMin }: Props) {
  const { t } = useTranslation();
  const links = useLinkEntries(mode);
  return (
    <details className="legend" open data-testid="map-legend" data-mode={mode}>
      <summary>{t('map.legend')}</summary>
      <div className="legend__group">
        <h3>{t(`map.modeTitle.${mode}`)}</h3>
        <ul>
          {links.map((entry) => (
            <li key={entry.label}>
              <span className="legend__line" style={{ background: entry.color }} aria-hidden="true" />
              {entry.label}
            </li>
          ))}
        </ul>
        {predictionHorizonMin !== null && (
          <p className="legend__note">
            <span className="legend__line legend__line--dashed" aria-hidden="true" />
            {t('map.predictionNote', { minutes: predictionHorizonMin })}
          </p>
        )}
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
        <p className="legend__note">{t('map.phaseDot')}</p>
      </div>
      <div className="legend__group">
        <h3>{t('map.detectors')}</h3>
        <ul>
          {DETECTOR_LEGEND.map((status) => (
            <li key={status}>
              <span className="legend__dot" style={{ background: DETECTOR_COLORS[status] }} aria-hidden="true" />
              {t(`detectorStatus.${status}`)}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
