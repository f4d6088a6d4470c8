/** Overrides of a junction, newest first: action, who, when, why and what came of it. Everyone may read it. */
import type { Override } from '@arterial/contracts/api/v1';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from './format-date-time';

export function OverrideHistory({ overrides }: { overrides: readonly Override[] }) {
  const { t, i18n } = useTranslation();
  if (overrides.length === 0) return <p className="hint">{t('overrides.noHistory')}</p>;
  return (
    <table className="data-table" data-testid="override-history">
      <thead>
        <tr>
          <th scope="col">{t('overrides.col.time')}</th>
          <th scope="col">{t('overrides.col.action')}</th>
          <th scope="col">{t('overrides.col.actor')}</th>
          <th scope="col">{t('overrides.col.reason')}</th>
          <th scope="col">{t('overrides.col.outcome')}</th>
        </tr>
      </thead>
      <tbody>
        {overrides.map((o) => (
          <tr key={o.overrideId} data-state={o.state}>
            <td>{formatDateTime(o.startedAt, i18n.language)}</td>
            <td>
              {t(`overrides.action.${o.action}`)}
              {o.phase !== undefined && ` · ${t('timing.phaseShort', { phase: o.phase })}`}
            </td>
            <td translate="no">{o.actor}</td>
            <td translate="no">{o.reason}</td>
            <td>
              <span className={`state state--${o.state}`}>{t(`overrides.state.${o.state}`)}</span>
              {o.outcome && <span className="hint"> · {o.outcome}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
