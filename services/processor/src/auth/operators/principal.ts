/** Who a request acts for, once its token is checked (or anonymous mode let it through). */
import type { AuthMode, OperatorRole } from '@arterial/contracts/api/v1';

export interface Principal {
  name: string;
  role: OperatorRole;
  authMode: AuthMode;
  /** Epoch ms when the token stops working; null in anonymous mode (no token). */
  expiresAt: number | null;
}

/** Anonymous mode (API_ALLOW_ANONYMOUS=true): requests without a token act as this admin. */
export const ANONYMOUS_PRINCIPAL: Principal = { name: 'anonymous', role: 'admin', authMode: 'anonymous', expiresAt: null };

/** Why a token was not accepted (for the log and the audit; the client only hears 401). */
export type TokenRefusal = { reason: 'missing' | 'malformed' | 'invalid' | 'expired' | 'unknown-issuer' | 'no-role' | 'user-disabled'; detail: string };

export type Authentication = { ok: true; principal: Principal } | ({ ok: false } & TokenRefusal);

/** The token of `Authorization: Bearer <token>`; undefined when there is none. Cookies are never read (CSRF). */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : '';
}
