/**
 * What the live feed needs of alerts, as a token: the gateway depends on this, not on the alerts capability,
 * and runs without it (no token, no `alerts` messages).
 */
import type { Alert } from '@arterial/contracts/api/v1';
import type { Observable } from 'rxjs';

export interface AlertFeed {
  /** Open alerts (raised or acknowledged), for the snapshot a client starts from. */
  openAlerts(): Alert[];
  /** Alerts as they change (raised, acknowledged, cleared, severity), each batch in one message. */
  readonly changes$: Observable<Alert[]>;
}

export const ALERT_FEED = Symbol('ALERT_FEED');

/** Where sources outside this folder (estimation, quality) report conditions: an AlertSink. */
export const ALERT_SINK = Symbol('ALERT_SINK');
