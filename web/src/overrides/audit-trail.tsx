/** The junction's control audit trail (`GET /api/audit`), for engineers and admins only (the route's minRole). */
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/auth-context';
import { useAudit } from '../panel/intersection-queries';
import { formatDateTime } from './format-date-time';

export function AuditTrail({ intersectionId }: { intersectionId: string }) {
  const { t, i18n } = useTranslation();
  const allowed = useCan('listAudit');
  const audit = useAudit(intersectionId, allowed);
  if (!allowed) return null;
  return (
    <section className="panel-subsection" aria-labelledby={`audit-${intersectionId}`}>
      <h3 id={`audit-${intersectionId}`}>{t('overrides.audit')}</h3>
      {audit.isPending && <p className="hint">{t('panel.loading')}</p>}
      {audit.isError && <p className="notice notice--warn">{t('panel.loadError', { message: audit.error.message })}</p>}
      {audit.data && audit.data.events.length === 0 && <p className="hint">{t('overrides.noAudit')}</p>}
      {audit.data && audit.data.events.length > 0 && (
        <ol className="audit-list" data-testid="audit-trail">
          {audit.data.events.map((e, i) => (
            <li key={`${e.at}-${e.action}-${e.refId ?? ''}-${i}`} data-action={e.action}>
              <span className="audit-list__time">{formatDateTime(e.at, i18n.language)}</span>
              <span className="audit-list__action">{t(`overrides.auditAction.${e.action}`)}</span>
              <span className="audit-list__actor" translate="no">
                {e.actor}
              </span>
              <span className="audit-list__reason" translate="no">
                {e.reason}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
