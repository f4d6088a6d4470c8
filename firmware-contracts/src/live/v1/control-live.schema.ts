/** Live feed messages about control: audit events and override changes, in the REST contract's shapes. */
import { Type } from '@sinclair/typebox';
import { ControlAuditEvent } from '../../api/v1/audit.schema';
import { Override } from '../../api/v1/overrides.schema';

const ServerTime = Type.Integer({ description: "Centre's clock when the message was sent (Unix epoch, milliseconds, UTC)" });

export const ControlMessage = Type.Object(
  {
    type: Type.Literal('control'),
    serverTime: ServerTime,
    events: Type.Array(ControlAuditEvent, { description: 'Control actions as they happen: plans, acknowledgements, retries, overrides, commands, controllers degraded and recovered.' }),
  },
  { $id: 'arterial/live/v1/ControlMessage', title: 'Control events', description: 'Entries of the control audit trail, sent as they happen.' },
);

export const OverridesMessage = Type.Object(
  {
    type: Type.Literal('overrides'),
    serverTime: ServerTime,
    overrides: Type.Array(Override, { description: 'Overrides that started, changed state or ended, each in its new state.' }),
  },
  { $id: 'arterial/live/v1/OverridesMessage', title: 'Overrides', description: 'Operator override changes, sent as they happen.' },
);

/** Optional field of the snapshot: the overrides active when a client connects. */
export const SnapshotOverrides = Type.Optional(Type.Array(Override, { description: 'Active overrides; absent when the centre runs without control.' }));
