/** Plans sent to the junction, newest first, with what the controller answered. */
import type { DispatchedPlan } from '@arterial/contracts/api/v1';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../overrides/format-date-time';

export function PlanHistory({ plans }: { plans: readonly DispatchedPlan[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (plans.length === 0) return <p className="hint">{t('panel.plan.noHistory')}</p>;
  return (
    <table className="data-table" data-testid="plan-history">
      <thead>
        <tr>
          <th scope="col">{t('panel.plan.sentAt')}</th>
          <th scope="col">{t('panel.plan.id')}</th>
          <th scope="col">{t('panel.plan.actor')}</th>
          <th scope="col">{t('panel.plan.status')}</th>
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => (
          <tr key={`${p.plan.planId}-${p.sentAt}`} data-status={p.status}>
            <td>{formatDateTime(p.sentAt, lang)}</td>
            <td className="mono">{p.plan.planId}</td>
            <td translate="no">{p.origin?.actor ?? t('units.none')}</td>
            <td>
              <span className={`state state--${p.status}`}>{t(`panel.plan.statuses.${p.status}`)}</span>
              {p.ackedAt !== null && <span className="hint"> · {formatDateTime(p.ackedAt, lang)}</span>}
              {p.ackReason && <span className="hint"> · {p.ackReason}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
