import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks';
import type { ConnectionStatus } from '../live/live-feed';

/** The live feed's state; while `replaying`, says Replay instead, since what the screen shows is not live. */
export function ConnectionBadge({ status, replaying = false }: { status: ConnectionStatus; replaying?: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1_000, status.state === 'waiting' && !replaying);
  if (replaying) {
    return (
      <span className="connection connection--replay" data-testid="connection-status" data-state="replay">
        <span className="connection__dot" aria-hidden="true" />
        <span aria-hidden="true">{t('replay.connection')}</span>
        <span className="sr-only" role="status">
          {t('replay.connection')}
        </span>
      </span>
    );
  }
  let visible: string;
  // The live region gets the state without the countdown, which would otherwise be read out every second.
  let announced: string;
  switch (status.state) {
    case 'open':
      visible = announced = t('connection.open');
      break;
    case 'connecting':
      visible = announced = t('connection.connecting');
      break;
    case 'waiting':
      visible = t('connection.waiting', { seconds: Math.max(0, Math.ceil((status.retryAt - now) / 1000)) });
      announced = t('connection.stopped');
      break;
    case 'stopped':
      visible = announced = t('connection.stopped');
      break;
  }
  return (
    <span className={`connection connection--${status.state}`} data-testid="connection-status" data-state={status.state}>
      <span className="connection__dot" aria-hidden="true" />
      <span aria-hidden="true">{visible}</span>
      <span className="sr-only" role="status">
        {announced}
      </span>
    </span>
  );
}
