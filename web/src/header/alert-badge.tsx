import { useTranslation } from 'react-i18next';
import { unacknowledgedCritical } from '../alerts/alert-order';
import { useAlertList, useAlertMute, useCriticalAlertSound } from '../alerts/use-alerts';
import { formatNumber } from '../i18n/format';

interface Props {
  onOpenAlerts: () => void;
}

/**
 * Critical alerts nobody has acknowledged yet, always in view, with the beep for new ones and its mute switch.
 * It lives in the header so the sound plays whichever view is open.
 */
export function AlertBadge({ onOpenAlerts }: Props) {
  const { t, i18n } = useTranslation();
  const list = useAlertList();
  const [muted, toggleMuted] = useAlertMute();
  useCriticalAlertSound(list.data, muted);
  const count = unacknowledgedCritical(list.data?.alerts ?? []).length;
  return (
    <div className="alert-badge" role="group" aria-label={t('alerts.badge.group')}>
      <button
        type="button"
        className={`alert-badge__count${count > 0 ? ' alert-badge__count--active' : ''}`}
        onClick={onOpenAlerts}
        data-testid="critical-badge"
        data-count={count}
        aria-label={t('alerts.badge.label', { count })}
      >
        <span className="alert-badge__icon" aria-hidden="true" />
        {formatNumber(count, i18n.language)}
      </button>
      <button type="button" className="alert-badge__mute" aria-pressed={muted} onClick={toggleMuted} data-testid="alert-mute" aria-label={t('alerts.badge.mute')}>
        {muted ? t('alerts.badge.muted') : t('alerts.badge.sound')}
      </button>
    </div>
  );
}
