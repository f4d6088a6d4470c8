/**
 * Data quality of the junction's detectors: rolling status, score and what is wrong (GET /api/detectors/{id}/quality);
 * in replay the daily report of the replayed day instead (GET /api/quality/daily), the rolling one being now's.
 */
import type { DailyQualityAnswer } from '@arterial/contracts/api/v1';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import { useDailyQuality } from '../quality/use-quality';
import { useReplayCursor } from '../replay/replay-context';
import { useDetectorQuality } from './intersection-queries';

type Diagnosis = Pick<NonNullable<DailyQualityAnswer['detectors'][number]['days'][number]>, 'status' | 'score' | 'completeness' | 'faults' | 'warnings'>;
type ReplayDay = { day: string; answer: UseQueryResult<DailyQualityAnswer> };

/** `YYYY-MM-DD` of the local day holding `epochMs` (the browser's zone, as the range picker's). */
export function localDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function QualityRow({ detectorId, replay }: { detectorId: string; replay: ReplayDay | null }) {
  const { t, i18n } = useTranslation();
  const live = useDetectorQuality(detectorId, replay === null);
  const quality = replay ? replay.answer : live;
  const diagnosis: Diagnosis | null = replay
    ? (replay.answer.data?.detectors.find((d) => d.detectorId === detectorId)?.days.find((d) => d.day === replay.day) ?? null)
    : (live.data?.rolling ?? live.data?.daily.diagnosis ?? null);
  const findings = diagnosis ? [...diagnosis.faults, ...diagnosis.warnings] : [];
  return (
    <tr data-testid={`quality-${detectorId}`}>
      <th scope="row" className="mono">
        {detectorId}
      </th>
      <td>
        {quality.isError ? (
          <span className="text-alarm">{t('panel.quality.error')}</span>
        ) : diagnosis ? (
          <span className={`state state--${diagnosis.status}`}>{t(`panel.quality.status.${diagnosis.status}`)}</span>
        ) : (
          t('units.none')
        )}
      </td>
      <td>{diagnosis ? formatNumber(diagnosis.score, i18n.language) : t('units.none')}</td>
      <td>{diagnosis ? t('units.percent', { value: formatNumber(diagnosis.completeness * 100, i18n.language) }) : t('units.none')}</td>
      <td>{findings.length > 0 ? findings.map((f) => t(`panel.quality.finding.${f}`)).join(', ') : t('units.none')}</td>
    </tr>
  );
}

export function DetectorQualityList({ detectorIds }: { detectorIds: readonly string[] }) {
  const { t } = useTranslation();
  // A quarter hour: every zone's midnight falls on one, and the day is looked up again only when it may change.
  const cursor = useReplayCursor(900_000);
  const day = cursor === null ? null : localDay(cursor);
  const answer = useDailyQuality({ from: day ?? undefined, to: day ?? undefined }, day !== null);
  if (detectorIds.length === 0) return null;
  const replay = day === null ? null : { day, answer };
  return (
    <>
      {replay && (
        <p className="hint" data-testid="quality-replay-day">
          {t('panel.replay.qualityDay', { day: replay.day })}
        </p>
      )}
      <table className="data-table" data-testid="detector-quality" data-day={replay?.day}>
        <thead>
          <tr>
            <th scope="col">{t('panel.quality.detector')}</th>
            <th scope="col">{t('panel.quality.statusLabel')}</th>
            <th scope="col">{t('panel.quality.score')}</th>
            <th scope="col">{t('panel.quality.completeness')}</th>
            <th scope="col">{t('panel.quality.findings')}</th>
          </tr>
        </thead>
        <tbody>
          {detectorIds.map((id) => (
            <QualityRow key={id} detectorId={id} replay={replay} />
          ))}
        </tbody>
      </table>
    </>
  );
}
