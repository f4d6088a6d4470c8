/** Live feed messages about alerts; the alert itself is the REST contract's `Alert`, so both wires carry one shape. */
import { Type } from '@sinclair/typebox';
import { Alert } from '../../api/v1/alerts.schema';

export const AlertsMessage = Type.Object(
  {
    type: Type.Literal('alerts'),
    serverTime: Type.Integer({ description: "Centre's clock when the message was sent (Unix epoch, milliseconds, UTC)" }),
    alerts: Type.Array(Alert, { description: 'Alerts that were raised, acknowledged, cleared or changed severity, each in its new state.' }),
  },
  {
    $id: 'arterial/live/v1/AlertsMessage',
    title: 'Alerts',
    description: 'Alert lifecycle changes, sent as they happen (alerts are de-duplicated and rate-limited where they are raised).',
  },
);

/** Optional field of the snapshot: the open alerts a newly connected client starts from. */
export const SnapshotAlerts = Type.Optional(Type.Array(Alert, { description: 'Open alerts (raised or acknowledged); absent when the centre runs without alerts.' }));
