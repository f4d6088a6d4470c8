/**
 * The control audit trail, `GET /api/audit`: every control action (plan sent, acknowledged, retried, timed out,
 * superseded, refused; override started and ended; command sent and acknowledged; controller degraded and recovered)
 * with who, when, why and what came of it. Stored in InfluxDB; the live feed carries the same events.
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { ID_PATTERN } from '../../mqtt/v1/schemas';
import { EpochMs, Nullable, QueryTime } from './common.schema';

export const DEFAULT_AUDIT_LIMIT = 200;
export const MAX_AUDIT_LIMIT = 2000;

export const CONTROL_AUDIT_ACTIONS = [
  'plan-sent',
  'plan-retried',
  'plan-accepted',
  'plan-rejected',
  'plan-timeout',
  'plan-superseded',
  'plan-expired',
  'plan-refused',
  'override-started',
  'override-ended',
  'override-failed',
  'command-sent',
  'command-accepted',
  'command-rejected',
  'command-timeout',
  'controller-degraded',
  'controller-recovered',
] as const;
export const ControlAuditAction = Type.Union(
  CONTROL_AUDIT_ACTIONS.map((a) => Type.Literal(a)),
  { description: 'What happened, outcome included (`plan-accepted`, `command-timeout`, …).' },
);
export type ControlAuditAction = Static<typeof ControlAuditAction>;

export const ControlAuditEvent = Type.Object(
  {
    at: EpochMs('When it happened (centre clock)'),
    intersectionId: Type.String(),
    action: ControlAuditAction,
    actor: Type.String({ description: '`engine:<strategy>`, `fallback`, `api`, an operator, or `centre` for what the dispatcher did by itself.' }),
    reason: Type.String({ description: 'Why: the plan or override reason, or the controller’s reason for a rejection.' }),
    refId: Nullable(Type.String({ description: 'The plan, command or override the event is about.' })),
    detail: Nullable(Type.String({ description: 'Facts as JSON text (attempt number, plan explanation, …).' })),
  },
  { $id: 'arterial/api/v1/ControlAuditEvent', title: 'Control audit event', additionalProperties: false },
);
export type ControlAuditEvent = Static<typeof ControlAuditEvent>;

export const AuditQuery = Type.Object(
  {
    from: Type.Optional(QueryTime('Start of the range, inclusive; default 24 hours before `to`')),
    to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
    intersectionId: Type.Optional(Type.String({ pattern: ID_PATTERN, description: 'Only this junction.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AUDIT_LIMIT, description: `Most events to return; default ${DEFAULT_AUDIT_LIMIT}.` })),
  },
);
/** The query as decoded by the server (times in epoch ms). */
export type AuditQuery = StaticDecode<typeof AuditQuery>;

export const AuditList = Type.Object(
  {
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    events: Type.Array(ControlAuditEvent, { description: 'Newest first.' }),
  },
  { $id: 'arterial/api/v1/AuditList', title: 'Control audit trail' },
);
export type AuditList = Static<typeof AuditList>;
