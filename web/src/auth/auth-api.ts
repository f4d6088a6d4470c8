/** The sign-in routes (decision A): login, refresh and who-am-I. */
import { ApiError, apiFetch, getJson } from '../api/api-client';
import { isOperatorRole, type AccessToken, type CurrentUser } from '@arterial/contracts/api/v1';
import type { StoredSession } from './session-storage';

export type LoginOutcome =
  | { ok: true; session: StoredSession }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterS: number | null }
  | { ok: false; reason: 'unavailable'; status: number | null };

function toSession(answer: Partial<AccessToken>): StoredSession | null {
  if (typeof answer.token !== 'string' || typeof answer.expiresAt !== 'number' || typeof answer.user?.name !== 'string' || !isOperatorRole(answer.user.role)) return null;
  return { token: answer.token, expiresAt: answer.expiresAt, user: { name: answer.user.name, role: answer.user.role } };
}

/** Same answer for an unknown user and a wrong password (the server's rule too), so nothing tells which. */
export async function login(username: string, password: string): Promise<LoginOutcome> {
  let response: Response;
  try {
    // Plain fetch: a stale token must not ride along, and a 401 here is a wrong password, not a lost session.
    response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { ok: false, reason: 'unavailable', status: null };
  }
  if (response.status === 401) return { ok: false, reason: 'invalid' };
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return { ok: false, reason: 'rate-limited', retryAfterS: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
  }
  if (!response.ok) return { ok: false, reason: 'unavailable', status: response.status };
  const session = toSession((await response.json()) as Partial<AccessToken>);
  return session ? { ok: true, session } : { ok: false, reason: 'unavailable', status: response.status };
}

/** A new token for the current one; null when the server no longer accepts it. */
export async function refreshSession(): Promise<StoredSession | null> {
  const response = await apiFetch('/api/auth/refresh', { method: 'POST' });
  if (response.status === 401) return null;
  if (!response.ok) throw new ApiError(response.status, `POST /api/auth/refresh answered HTTP ${response.status}`);
  return toSession((await response.json()) as Partial<AccessToken>);
}

export function fetchMe(signal?: AbortSignal): Promise<CurrentUser> {
  return getJson<CurrentUser>('/api/auth/me', signal);
}
