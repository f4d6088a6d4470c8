import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../api/types';
import { formatNumber } from '../i18n/format';
import type { NetworkIndex } from '../network/network-index';
import { ALERT_KIND_LIST, ALERT_SEVERITY_LIST, ALERT_STATE_LIST, DEFAULT_ALERT_FILTER, visibleAlerts, type AlertFilter } from './alert-order';
import { selectionForPlace } from './alert-place';
import { AlertRow } from './alert-row';
import { alertTitle } from './alert-text';
import { useAlertList } from './use-alerts';

interface Props {
  network: NetworkIndex | null;
  /** Switches to the map with the alert's place selected and in view. */
  onShowOnMap: (alert: Alert) => void;
}

/** Moves focus between rows with the arrow keys, Home and End (rows are the list's only tab stops). */
function moveFocus(event: KeyboardEvent<HTMLUListElement>): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-alert-row]')];
  const current = rows.findIndex((row) => row === document.activeElement);
  if (current === -1 && document.activeElement !== event.currentTarget) return;
  event.preventDefault();
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : Math.min(rows.length - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)));
  rows[next]?.focus();
}

export function AlertsView({ network, onShowOnMap }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useAlertList();
  const [filter, setFilter] = useState<AlertFilter>(DEFAULT_ALERT_FILTER);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [acknowledging, setAcknowledging] = useState<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLLIElement>());

  const alerts = useMemo(
    () => visibleAlerts(list.data?.alerts ?? [], filter, (alert) => alertTitle(alert, t, network, lang)),
    [list.data, filter, t, network, lang],
  );
  const total = list.data?.alerts.length ?? 0;
  const update = (patch: Partial<AlertFilter>) => setFilter((current) => ({ ...current, ...patch }));
  const refocus = (id: string) => rowRefs.current.get(id)?.focus();

  return (
    <section className="view alerts-view" aria-labelledby="alerts-heading" data-testid="alerts-view">
      <div className="view__header">
        <h2 id="alerts-heading">{t('alerts.heading')}</h2>
        <p className="hint" role="status" data-testid="alerts-count">
          {t('alerts.count', { shown: formatNumber(alerts.length, lang), total: formatNumber(total, lang) })}
        </p>
      </div>
      <div className="filters" role="group" aria-label={t('alerts.filters')}>
        <label>
          {t('alerts.filter.severity')}
          <select value={filter.severity} onChange={(e) => update({ severity: e.target.value as AlertFilter['severity'] })} data-testid="filter-severity">
            <option value="all">{t('alerts.filter.all')}</option>
            {ALERT_SEVERITY_LIST.map((s) => (
              <option key={s} value={s}>
                {t(`alerts.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.filter.kind')}
          <select value={filter.kind} onChange={(e) => update({ kind: e.target.value as AlertFilter['kind'] })} data-testid="filter-kind">
            <option value="all">{t('alerts.filter.all')}</option>
            {ALERT_KIND_LIST.map((k) => (
              <option key={k} value={k}>
                {t(`alerts.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('alerts.filter.state')}
          <select value={filter.state} onChange={(e) => update({ state: e.target.value as AlertFilter['state'] })} data-testid="filter-state">
            <option value="all">{t('alerts.filter.all')}</option>
            <option value="open">{t('alerts.filter.open')}</option>
            {ALERT_STATE_LIST.map((s) => (
              <option key={s} value={s}>
                {t(`alerts.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__text">
          {t('alerts.filter.text')}
          <input type="search" value={filter.text} onChange={(e) => update({ text: e.target.value })} placeholder={t('alerts.filter.textPlaceholder')} data-testid="filter-text" />
        </label>
      </div>
      {list.data?.historyError && (
        <p className="notice" role="status">
          {t('alerts.historyError', { message: list.data.historyError })}
        </p>
      )}
      {list.isPending && <p className="hint">{t('alerts.loading')}</p>}
      {list.isError && (
        <div className="notice" role="alert">
          <p>{t('alerts.loadError', { message: list.error.message })}</p>
          <button type="button" className="button" onClick={() => void list.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {list.isSuccess && alerts.length === 0 && <p className="hint">{total === 0 ? t('alerts.none') : t('alerts.noneMatch')}</p>}
      <p className="sr-only" id="alerts-keys">
        {t('alerts.keysHint')}
      </p>
      <ul className="alert-list" aria-describedby="alerts-keys" onKeyDown={moveFocus} data-testid="alert-list">
        {alerts.map((alert) => (
          <AlertRow
            key={alert.id}
            ref={(element) => {
              if (element) rowRefs.current.set(alert.id, element);
              else rowRefs.current.delete(alert.id);
            }}
            alert={alert}
            network={network}
            expanded={expanded === alert.id}
            acknowledging={acknowledging === alert.id}
            canShowOnMap={network !== null && selectionForPlace(alert.place, network) !== null}
            onToggle={() => setExpanded((current) => (current === alert.id ? null : alert.id))}
            onAcknowledge={() => {
              setExpanded(alert.id);
              setAcknowledging(alert.id);
            }}
            onAcknowledgeDone={() => {
              setAcknowledging(null);
              refocus(alert.id);
            }}
            onShowOnMap={() => onShowOnMap(alert)}
          />
        ))}
      </ul>
    </section>
  );
}
