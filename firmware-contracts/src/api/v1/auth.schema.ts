/**
 * Operator access: roles, sign-in (`POST /api/auth/login`), token refresh and who am I. Tokens are short-lived signed
 * JWTs sent as `Authorization: Bearer <token>` (REST) or as the WebSocket subprotocol `bearer.<token>` (`/ws`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { EpochMs } from './common.schema';

/** Ordered: each role may do everything the roles before it may. */
export const OPERATOR_ROLES = ['viewer', 'operator', 'engineer', 'admin'] as const;
export const OperatorRole = Type.Union(
  OPERATOR_ROLES.map((r) => Type.Literal(r)),
  { description: '`viewer` < `operator` < `engineer` < `admin`; a higher role may do everything a lower one may.' },
);
export type OperatorRole = Static<typeof OperatorRole>;

/** Who may call a route: anyone (`public`), or a signed-in user with at least this role. */
export type RouteAccess = 'public' | OperatorRole;

/** Whether `role` is at least `needed`. */
export function roleAtLeast(role: OperatorRole, needed: OperatorRole): boolean {
  return OPERATOR_ROLES.indexOf(role) >= OPERATOR_ROLES.indexOf(needed);
}

export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === 'string' && (OPERATOR_ROLES as readonly string[]).includes(value);
}

/** User names: letters, digits, `.`, `_`, `-`, `@` (so an e-mail address works), 1–64 characters. */
export const USER_NAME_PATTERN = '^[A-Za-z0-9._@-]{1,64}$';
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export const UserName = Type.String({ pattern: USER_NAME_PATTERN, description: `A user name; matches ${USER_NAME_PATTERN}.` });

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  },
  { $id: 'arterial/api/v1/LoginRequest', title: 'Login request', additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const SignedInUser = Type.Object(
  { name: Type.String(), role: OperatorRole },
  { $id: 'arterial/api/v1/SignedInUser', title: 'Signed-in user', additionalProperties: false },
);
export type SignedInUser = Static<typeof SignedInUser>;

export const AccessToken = Type.Object(
  {
    token: Type.String({ description: 'A signed JWT: send it as `Authorization: Bearer <token>`, and on `/ws` as the subprotocol `bearer.<token>`.' }),
    expiresAt: EpochMs('When the token stops working; refresh before then'),
    user: SignedInUser,
  },
  { $id: 'arterial/api/v1/AccessToken', title: 'Access token', additionalProperties: false },
);
export type AccessToken = Static<typeof AccessToken>;

export const AuthMode = Type.Union([Type.Literal('local'), Type.Literal('oidc'), Type.Literal('anonymous')], {
  description: '`local` (a user of this centre), `oidc` (a token of the configured identity provider), or `anonymous` (API_ALLOW_ANONYMOUS=true: no token needed, acting as admin).',
});
export type AuthMode = Static<typeof AuthMode>;

export const CurrentUser = Type.Object(
  { name: Type.String(), role: OperatorRole, authMode: AuthMode },
  { $id: 'arterial/api/v1/CurrentUser', title: 'Current user', additionalProperties: false },
);
export type CurrentUser = Static<typeof CurrentUser>;

/** The WebSocket subprotocol of the live feed, and the prefix of the one carrying the token. */
export const LIVE_SUBPROTOCOL = 'arterial.live.v1';
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';
/** Close code of `/ws` when the token expires: refresh, then reconnect. */
export const WS_CLOSE_TOKEN_EXPIRED = 4401;
