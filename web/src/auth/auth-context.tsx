/**
 * Who is signed in, for the whole app. On start it asks `GET /api/auth/me` with the stored token (if any): an
 * answer signs in (anonymous mode needs no token), a 401 shows the login page. A token is refreshed before it
 * expires; any 401 afterwards (expired, revoked) drops it and shows the login page again.
 */
import type { CurrentUser, OperatorRole } from '@arterial/contracts/api/v1';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, isAbort, setAccessTokenProvider, setUnauthorizedHandler } from '../api/api-client';
import { fetchMe, login as postLogin, refreshSession, type LoginOutcome } from './auth-api';
import { roleMay, type UiAction } from './roles';
import { clearSession, readSession, refreshDelayMs, writeSession, type StoredSession } from './session-storage';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-in'; user: CurrentUser };

export interface Auth {
  state: AuthState;
  login(username: string, password: string): Promise<LoginOutcome>;
  logout(): void;
  /** Gets a fresh token now (the live feed calls it when /ws closes with 4401); rejects when signed out. */
  refresh(): Promise<void>;
  /** The token to send, or null (anonymous mode, or signed out). */
  accessToken(): string | null;
  retry(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (auth === null) throw new Error('useAuth needs an AuthProvider');
  return auth;
}

/** The signed-in role; null while signed out. */
export function useRole(): OperatorRole | null {
  const { state } = useAuth();
  return state.status === 'signed-in' ? state.user.role : null;
}

/** Whether the signed-in role may take this action (the `minRole` of its route in the contract). */
export function useCan(action: UiAction): boolean {
  return roleMay(useRole(), action);
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);
  const session = useRef<StoredSession | null>(null);
  const [sessionVersion, setSessionVersion] = useState(0);
  const queryClient = useQueryClient();

  const keep = useCallback((next: StoredSession | null) => {
    session.current = next;
    const store = storage();
    if (store) {
      if (next) writeSession(store, next);
      else clearSession(store);
    }
    setSessionVersion((v) => v + 1);
  }, []);

  const signOut = useCallback(
    (expired: boolean) => {
      keep(null);
      // What one user fetched (an engineer's audit trail) must not show to the next one at this desk.
      queryClient.clear();
      setState({ status: 'signed-out', expired });
    },
    [keep, queryClient],
  );

  // Registered before the first request, so every /api call carries the token and every 401 signs out.
  useState(() => {
    const store = storage();
    session.current = store ? readSession(store, Date.now()) : null;
    setAccessTokenProvider(() => session.current?.token ?? null);
    return null;
  });
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (session.current !== null) signOut(true);
      else setState((current) => (current.status === 'signed-in' && current.user.authMode !== 'anonymous' ? { status: 'signed-out', expired: true } : current));
    });
    return () => setUnauthorizedHandler(() => undefined);
  }, [signOut]);

  useEffect(() => {
    const abort = new AbortController();
    setState({ status: 'checking' });
    fetchMe(abort.signal).then(
      (user) => setState({ status: 'signed-in', user }),
      (error: unknown) => {
        if (isAbort(error)) return;
        if (error instanceof ApiError && error.status === 401) {
          keep(null);
          setState({ status: 'signed-out', expired: false });
        } else setState({ status: 'unreachable', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [attempt, keep]);

  const refresh = useCallback(async () => {
    if (session.current === null) throw new Error('not signed in');
    const next = await refreshSession();
    if (next === null) {
      signOut(true);
      throw new Error('session expired');
    }
    keep(next);
  }, [keep, signOut]);

  // Refresh ahead of expiry; a new session (login or refresh) reschedules.
  useEffect(() => {
    const current = session.current;
    if (current === null || state.status !== 'signed-in') return;
    const timer = window.setTimeout(() => {
      refresh().catch(() => undefined);
    }, refreshDelayMs(current.expiresAt, Date.now()));
    return () => window.clearTimeout(timer);
  }, [sessionVersion, state.status, refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      const outcome = await postLogin(username, password);
      if (outcome.ok) {
        keep(outcome.session);
        setAttempt((n) => n + 1);
      }
      return outcome;
    },
    [keep],
  );

  // Stable, so the live feed does not reconnect when only the state object changes.
  const accessToken = useCallback(() => session.current?.token ?? null, []);
  const auth = useMemo<Auth>(
    () => ({
      state,
      login,
      logout: () => signOut(false),
      refresh,
      accessToken,
      retry: () => setAttempt((n) => n + 1),
    }),
    [state, login, signOut, refresh, accessToken],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
