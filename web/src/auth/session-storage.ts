/**
 * The signed-in session in sessionStorage: it survives a reload but not the tab, and no other tab or site reads it.
 * A stored session that is malformed or already expired is treated as none.
 */
import { isOperatorRole, type AccessToken } from '@arterial/contracts/api/v1';

export const SESSION_STORAGE_KEY = 'arterial.session';

/** What login and refresh answer, kept as it came. */
export type StoredSession = AccessToken;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function isSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const user = v.user as Record<string, unknown> | null | undefined;
  return typeof v.token === 'string' && v.token.length > 0 && typeof v.expiresAt === 'number' && typeof user?.name === 'string' && isOperatorRole(user.role);
}

export function readSession(storage: KeyValueStorage, nowMs: number): StoredSession | null {
  let raw: string | null;
  try {
    raw = storage.getItem(SESSION_STORAGE_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isSession(value) && value.expiresAt > nowMs ? value : null;
  } catch {
    return null;
  }
}

export function writeSession(storage: KeyValueStorage, session: StoredSession): void {
  try {
    storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Storage disabled by policy: the session still lives in memory for this page.
  }
}

export function clearSession(storage: KeyValueStorage): void {
  try {
    storage.removeItem(SESSION_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}

/** Refresh when a fifth of the lifetime is left, at least 30 s and at most 5 min before expiry; never sooner than 5 s. */
export function refreshDelayMs(expiresAt: number, nowMs: number, issuedAt: number = nowMs): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  const lead = Math.min(5 * 60_000, Math.max(30_000, lifetime / 5));
  return Math.max(5_000, expiresAt - lead - nowMs);
}
