/** The colour-mode switch and the prediction overlay's toggle and horizon, above the map. */
import { useTranslation } from 'react-i18next';
import { LINK_COLOR_MODES, PREDICTION_HORIZONS_MIN, type LinkColorMode, type PredictionHorizon } from './link-color-modes';

export interface MapViewSettings {
  colorMode: LinkColorMode;
  showPrediction: boolean;
  predictionHorizonMin: PredictionHorizon;
}

interface Props {
  settings: MapViewSettings;
  onChange: (next: MapViewSettings) => void;
}

export function MapViewControls({ settings, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <div className="map-view-controls">
      <div className="segmented" role="radiogroup" aria-label={t('map.colorBy')} data-testid="color-mode">
        <span className="segmented__label" aria-hidden="true">
          {t('map.colorBy')}
        </span>
        {LINK_COLOR_MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={settings.colorMode === mode}
            data-mode={mode}
            onClick={() => onChange({ ...settings, colorMode: mode })}
          >
            {t(`map.mode.${mode}`)}
          </button>
        ))}
      </div>
      <div className="map-view-controls__prediction">
        <label>
          <input
            type="checkbox"
            checked={settings.showPrediction}
            data-testid="prediction-toggle"
            onChange={(event) => onChange({ ...settings, showPrediction: event.target.checked })}
          />
          {t('map.prediction')}
        </label>
        <select
          aria-label={t('map.horizon')}
          data-testid="prediction-horizon"
          value={settings.predictionHorizonMin}
          disabled={!settings.showPrediction}
          onChange={(event) => onChange({ ...settings, predictionHorizonMin: Number(event.target.value) as PredictionHorizon })}
        >
          {PREDICTION_HORIZONS_MIN.map((minutes) => (
            <option key={minutes} value={minutes}>
              {t('map.horizonMinutes', { minutes })}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
