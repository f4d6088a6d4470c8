/** Alert data for the views: the cached list (kept live by the /ws feed), acknowledgement, and the operator's name. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { acknowledgeAlert, fetchAlerts } from '../api/alerts-api';
import { ApiError, getJson } from '../api/api-client';
import { mergeAlerts } from '../api/live-cache-sync';
import { queryKeys } from '../api/query-client';
import type { AlertList } from '../api/types';
import { newlyRaisedCritical } from './alert-order';
import { playAlertBeep, readMuted, writeMuted } from './alert-sound';

export function useAlertList() {
  // Live messages keep the entry current; a refetch happens on every (re)connect snapshot, not on a timer.
  return useQuery({ queryKey: queryKeys.alerts, queryFn: ({ signal }) => fetchAlerts(signal), staleTime: 5 * 60_000 });
}

export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, actor, note }: { id: string; actor: string; note: string }) => acknowledgeAlert(id, { actor, note }),
    onSuccess: (alert) => client.setQueryData<AlertList>(queryKeys.alerts, (list) => mergeAlerts(list, [alert])),
    // 409: it cleared meanwhile; the refetch shows it cleared.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void client.invalidateQueries({ queryKey: queryKeys.alerts });
    },
  });
}

const OPERATOR_STORAGE_KEY = 'arterial.alerts.operator';

/**
 * Who acknowledges: the signed-in user when the server knows one (`GET /api/auth/me`), else the name this browser
 * last typed. Until sign-in lands the route may not exist; that is not an error here.
 */
export function useOperatorName(): [string, (name: string) => void] {
  const me = useQuery({
    queryKey: queryKeys.authMe,
    queryFn: ({ signal }) => getJson<{ name: string; authMode?: string }>('/api/auth/me', signal),
    retry: false,
    staleTime: 5 * 60_000,
  });
  const [typed, setTyped] = useState(() => {
    try {
      return window.localStorage.getItem(OPERATOR_STORAGE_KEY) ?? '';
    } catch {
      return '';
    }
  });
  const signedIn = me.data && me.data.authMode !== 'anonymous' ? me.data.name : null;
  const remember = useCallback((name: string) => {
    setTyped(name);
    try {
      window.localStorage.setItem(OPERATOR_STORAGE_KEY, name);
    } catch {
      // not remembering is acceptable
    }
  }, []);
  return [signedIn ?? typed, remember];
}

export function useAlertMute(): [boolean, () => void] {
  const [muted, setMuted] = useState(readMuted);
  const toggle = useCallback(() => {
    setMuted((current) => {
      writeMuted(!current);
      return !current;
    });
  }, []);
  return [muted, toggle];
}

/** Beeps once per critical alert raised after the list first loaded, unless muted. */
export function useCriticalAlertSound(list: AlertList | undefined, muted: boolean, beep: () => void = playAlertBeep): void {
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!list) return;
    const fresh = newlyRaisedCritical(known.current ?? new Set(), list.alerts);
    if (known.current === null) {
      known.current = new Set(fresh);
      return;
    }
    for (const id of fresh) known.current.add(id);
    if (fresh.length > 0 && !muted) beep();
  }, [list, muted, beep]);
}
