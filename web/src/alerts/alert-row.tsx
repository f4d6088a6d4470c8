import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../api/types';
import { formatDateTime } from '../i18n/format';
import type { NetworkIndex } from '../network/network-index';
import { AcknowledgeForm } from './acknowledge-form';
import { alertFacts, alertTitle } from './alert-text';

interface Props {
  alert: Alert;
  network: NetworkIndex | null;
  expanded: boolean;
  acknowledging: boolean;
  canShowOnMap: boolean;
  onToggle: () => void;
  onAcknowledge: () => void;
  onAcknowledgeDone: () => void;
  onShowOnMap: () => void;
}

/** One alert: a focusable summary line (Enter opens, `a` acknowledges) and, when open, its facts and actions. */
export const AlertRow = forwardRef<HTMLLIElement, Props>(function AlertRow(
  { alert, network, expanded, acknowledging, canShowOnMap, onToggle, onAcknowledge, onAcknowledgeDone, onShowOnMap },
  ref,
) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const title = alertTitle(alert, t, network, lang);
  const facts = alertFacts(alert, t, lang);
  return (
    <li
      ref={ref}
      tabIndex={0}
      className={`alert-row alert-row--${alert.severity} alert-row--${alert.state}`}
      data-alert-row
      data-alert-id={alert.id}
      data-state={alert.state}
      data-severity={alert.severity}
      aria-expanded={expanded}
      aria-label={t('alerts.rowLabel', { severity: t(`alerts.severity.${alert.severity}`), state: t(`alerts.state.${alert.state}`), title })}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onToggle();
        } else if (event.key === 'a' && !event.ctrlKey && !event.metaKey && !event.altKey && alert.state === 'raised') {
          event.preventDefault();
          onAcknowledge();
        }
      }}
    >
      <div className="alert-row__summary" onClick={onToggle}>
        <span className={`severity severity--${alert.severity}`}>
          <span className="severity__icon" aria-hidden="true" />
          {t(`alerts.severity.${alert.severity}`)}
        </span>
        <span className="alert-row__title">{title}</span>
        <span className={`alert-state alert-state--${alert.state}`} data-testid="alert-state">
          {t(`alerts.state.${alert.state}`)}
        </span>
        <time className="alert-row__time" dateTime={new Date(alert.raisedAt).toISOString()}>
          {formatDateTime(alert.raisedAt, lang)}
        </time>
      </div>
      {expanded && (
        <div className="alert-row__details" data-testid="alert-details">
          {facts.length > 0 && <p className="alert-row__facts">{facts.join(' · ')}</p>}
          <dl className="facts">
            <dt>{t('alerts.raisedAt')}</dt>
            <dd>{formatDateTime(alert.raisedAt, lang, true)}</dd>
            <dt>{t('alerts.lastSeenAt')}</dt>
            <dd>{formatDateTime(alert.lastSeenAt, lang, true)}</dd>
            <dt>{t('alerts.occurrences')}</dt>
            <dd>{alert.occurrences}</dd>
            {alert.acknowledgedAt !== null && (
              <>
                <dt>{t('alerts.acknowledgedBy')}</dt>
                <dd data-testid="alert-ack">{t('alerts.acknowledgedValue', { who: alert.acknowledgedBy ?? '', when: formatDateTime(alert.acknowledgedAt, lang), note: alert.acknowledgedNote ?? '' })}</dd>
              </>
            )}
            {alert.clearedAt !== null && (
              <>
                <dt>{t('alerts.clearedAt')}</dt>
                <dd>{formatDateTime(alert.clearedAt, lang, true)}</dd>
              </>
            )}
            <dt>{t('alerts.serverMessage')}</dt>
            <dd lang="en">{alert.message}</dd>
          </dl>
          <div className="alert-row__actions">
            {canShowOnMap && (
              <button type="button" className="button" onClick={onShowOnMap}>
                {t('alerts.showOnMap')}
              </button>
            )}
            {alert.state === 'raised' && !acknowledging && (
              <button type="button" className="button button--primary" onClick={onAcknowledge}>
                {t('alerts.acknowledge')}
              </button>
            )}
          </div>
          {acknowledging && alert.state === 'raised' && <AcknowledgeForm alert={alert} onDone={onAcknowledgeDone} />}
        </div>
      )}
    </li>
  );
});
