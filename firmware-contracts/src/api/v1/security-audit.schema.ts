/**
 * The security audit log, `GET /api/security-audit`: append-only, stored in InfluxDB. Who did what, when, from where
 * and with what outcome: sign-ins, refused requests, overrides and plans posted, device and user changes.
 */
import { Type, type Static, type StaticDecode } from '@sinclair/typebox';
import { EpochMs, Nullable, QueryTime } from './common.schema';

export const DEFAULT_SECURITY_AUDIT_LIMIT = 200;
export const MAX_SECURITY_AUDIT_LIMIT = 2000;

export const SECURITY_AUDIT_ACTIONS = [
  'login',
  'token-refresh',
  'request-refused',
  'override',
  'plan',
  'alert-acknowledge',
  'device-added',
  'device-rotated',
  'device-revoked',
  'user-added',
  'user-password-changed',
  'user-role-changed',
  'user-disabled',
] as const;
export const SecurityAuditAction = Type.Union(
  SECURITY_AUDIT_ACTIONS.map((a) => Type.Literal(a)),
  { description: 'What was attempted or changed.' },
);
export type SecurityAuditAction = Static<typeof SecurityAuditAction>;

export const SecurityAuditOutcome = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('refused')], {
  description: '`success`; `failure` (bad credentials, or the action itself failed); `refused` (401/403/429: not allowed to try).',
});
export type SecurityAuditOutcome = Static<typeof SecurityAuditOutcome>;

export const SecurityAuditEvent = Type.Object(
  {
    at: EpochMs('When it happened (centre clock)'),
    actor: Type.String({ description: 'The user (or the name tried at a failed sign-in), `anonymous`, or `registry-file` for changes made with the CLI.' }),
    action: SecurityAuditAction,
    outcome: SecurityAuditOutcome,
    remoteAddress: Nullable(Type.String({ description: 'Where the request came from; null for file changes.' })),
    target: Nullable(Type.String({ description: 'What it was about: `POST /api/intersections/i1/overrides`, a device or user name.' })),
    detail: Nullable(Type.String({ description: 'Facts as text (HTTP status, reason, role).' })),
  },
  { $id: 'arterial/api/v1/SecurityAuditEvent', title: 'Security audit event', additionalProperties: false },
);
export type SecurityAuditEvent = Static<typeof SecurityAuditEvent>;

export const SecurityAuditQuery = Type.Object({
  from: Type.Optional(QueryTime('Start of the range, inclusive; default 24 hours before `to`')),
  to: Type.Optional(QueryTime('End of the range, exclusive; default now')),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Only this actor.' })),
  action: Type.Optional(SecurityAuditAction),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SECURITY_AUDIT_LIMIT, description: `Most events to return; default ${DEFAULT_SECURITY_AUDIT_LIMIT}.` })),
});
/** The query as decoded by the server (times in epoch ms). */
export type SecurityAuditQuery = StaticDecode<typeof SecurityAuditQuery>;

export const SecurityAuditList = Type.Object(
  {
    from: EpochMs('Start of the range'),
    to: EpochMs('End of the range'),
    events: Type.Array(SecurityAuditEvent, { description: 'Newest first.' }),
  },
  { $id: 'arterial/api/v1/SecurityAuditList', title: 'Security audit log' },
);
export type SecurityAuditList = Static<typeof SecurityAuditList>;
