import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDetectorSeries, isAbort } from '../api/api-client';
import type { DetectorSeries } from '../api/types';
import { SeriesChart } from '../chart/series-chart';
import { formatDateTime, formatNumber, formatTime } from '../i18n/format';
import { useLiveDetector, useLiveStore } from '../live/live-hooks';
import { detectorStatus } from '../live/live-status';
import { CONGESTION_COLORS, DETECTOR_COLORS } from '../map/palette';
import { displayName } from '../network/network-index';
import { useReplayCursor } from '../replay/replay-context';
import { DetailHeader, Field, StatusDot } from './panel-parts';
import type { PanelProps } from './side-panel';

const HISTORY_MS = 60 * 60 * 1000;
const HISTORY_STEP_S = 60;
const HISTORY_REFRESH_MS = 60 * 1000;
const OCCUPANCY_THRESHOLDS = [
  { value: 15, color: CONGESTION_COLORS.moderate },
  { value: 30, color: CONGESTION_COLORS.heavy },
];

type SeriesState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; series: DetectorSeries };

/**
 * The last hour at one-minute steps, refreshed every minute while shown; keeps the old chart during a refresh. In
 * replay (`replayToMs`) the recorded hour up to that time, fetched again only when it moves.
 */
function useDetectorHistory(id: string, replayToMs: number | null): SeriesState {
  const [series, setSeries] = useState<SeriesState>({ state: 'loading' });
  useEffect(() => {
    let abort: AbortController | null = null;
    const load = () => {
      abort?.abort();
      const current = new AbortController();
      abort = current;
      const toMs = replayToMs ?? Date.now();
      fetchDetectorSeries(id, { fromMs: toMs - HISTORY_MS, toMs, stepS: HISTORY_STEP_S }, current.signal).then(
        (value) => setSeries({ state: 'ready', series: value }),
        (error: unknown) => {
          if (!isAbort(error)) setSeries({ state: 'error', message: error instanceof Error ? error.message : String(error) });
        },
      );
    };
    load();
    const timer = replayToMs === null ? window.setInterval(load, HISTORY_REFRESH_MS) : undefined;
    return () => {
      window.clearInterval(timer);
      abort?.abort();
    };
  }, [id, replayToMs]);
  return series;
}

export function DetectorDetails({ id, network, onSelect, onClose }: PanelProps & { id: string }) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const live = useLiveDetector(id);
  const replayToMs = useReplayCursor(HISTORY_STEP_S * 1000);
  const history = useDetectorHistory(id, replayToMs);
  const feature = network.detectors.get(id);
  const parent = feature ? network.intersections.get(feature.properties.intersectionId) : undefined;
  const status = detectorStatus(live, store.latestServerTime());
  const lang = i18n.language;
  const none = t('units.none');
  return (
    <section className="panel-section" data-testid="detector-details">
      <DetailHeader
        kind={t('detector.kind')}
        title={id}
        subtitle={
          <>
            <StatusDot color={DETECTOR_COLORS[status]} /> {t(`detectorStatus.${status}`)}
          </>
        }
        onBack={onClose}
      />
      {!feature && <p className="hint">{t('panel.unknownFeature')}</p>}
      <dl className="fields">
        {parent && (
          <Field label={t('detector.intersection')}>
            <button type="button" className="link-button" onClick={() => onSelect({ kind: 'intersection', id: parent.properties.id }, { focus: true })}>
              {displayName(parent.properties, lang)}
            </button>
          </Field>
        )}
        {feature && (
          <>
            <Field label={t('detector.lane')}>
              {formatNumber(feature.properties.lane, lang)} · {t(`placement.${feature.properties.placement}`)}
            </Field>
            <Field label={t('detector.technology')}>{t(`technology.${feature.properties.technology}`)}</Field>
          </>
        )}
      </dl>
      {live ? (
        <dl className="fields fields--metrics">
          <Field label={t('detector.occupancy')} testId="detector-occupancy">
            {t('units.percent', { value: formatNumber(live.occupancyPct, lang, 1) })}
          </Field>
          <Field label={t('detector.volume')} testId="detector-volume">
            {t('detector.volumeValue', { value: formatNumber(live.volume, lang), interval: formatNumber(live.intervalS, lang) })}
          </Field>
          <Field label={t('detector.flow')}>{t('units.vph', { value: formatNumber(live.flowVph, lang) })}</Field>
          <Field label={t('detector.speed')} testId="detector-speed">
            {live.speedKph === null ? none : t('units.kph', { value: formatNumber(live.speedKph, lang, 0) })}
          </Field>
          <Field label={t('detector.health')}>{t(`detectorStatus.${live.health}`)}</Field>
          <Field label={t('detector.measuredAt')}>{formatTime(live.ts, lang)}</Field>
        </dl>
      ) : (
        <p className="hint">{t('detector.noLive')}</p>
      )}
      <h3>{t('detector.history')}</h3>
      {replayToMs !== null && (
        <p className="hint" data-testid="detector-replay-window">
          {t('panel.replay.historyWindow', { to: formatDateTime(replayToMs, lang) })}
        </p>
      )}
      {history.state === 'loading' && <p className="hint">{t('chart.loading')}</p>}
      {history.state === 'error' && <p className="notice notice--warn">{t('chart.error', { message: history.message })}</p>}
      {history.state === 'ready' && (
        <div className="charts">
          <SeriesChart
            title={t('chart.occupancy')}
            series={history.series}
            value={(p) => p.occupancyPct}
            fractionDigits={1}
            minYMax={35}
            thresholds={OCCUPANCY_THRESHOLDS}
            testId="chart-occupancy"
          />
          <SeriesChart title={t('chart.volume')} series={history.series} value={(p) => p.volume} fractionDigits={0} testId="chart-volume" />
        </div>
      )}
    </section>
  );
}
