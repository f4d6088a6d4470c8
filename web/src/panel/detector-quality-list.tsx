/** Data quality of the junction's detectors: rolling status, score and what is wrong (GET /api/detectors/{id}/quality). */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import { useDetectorQuality } from './intersection-queries';

function QualityRow({ detectorId }: { detectorId: string }) {
  const { t, i18n } = useTranslation();
  const quality = useDetectorQuality(detectorId);
  const diagnosis = quality.data?.rolling ?? quality.data?.daily.diagnosis ?? null;
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
  if (detectorIds.length === 0) return null;
  return (
    <table className="data-table" data-testid="detector-quality">
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
          <QualityRow key={id} detectorId={id} />
        ))}
      </tbody>
    </table>
  );
}
