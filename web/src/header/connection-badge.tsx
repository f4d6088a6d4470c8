import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks';
import type { ConnectionStatus } from '../live/live-feed';

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  const now = useNow(1_000, status.state === 'waiting');
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
