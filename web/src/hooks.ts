/** Small React hooks shared by several components. */
import { useEffect, useState } from 'react';
import { fetchHealth, fetchNetwork, isAbort } from './api/api-client';
import type { HealthReport } from './api/types';
import { indexNetwork, type NetworkIndex } from './network/network-index';

/** Current time, refreshed every `intervalMs` while `active`. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

export type NetworkState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; network: NetworkIndex };

export function useNetwork(): { network: NetworkState; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [network, setNetwork] = useState<NetworkState>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setNetwork({ state: 'loading' });
    fetchNetwork(abort.signal).then(
      (model) => setNetwork({ state: 'ready', network: indexNetwork(model) }),
      (error: unknown) => {
        if (!isAbort(error)) setNetwork({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [attempt]);
  return { network, retry: () => setAttempt((n) => n + 1) };
}

/** Polls `GET /api/health`; null until the first answer, and again after a failed poll. */
export function useHealth(everyMs = 15_000): HealthReport | null {
  const [health, setHealth] = useState<HealthReport | null>(null);
  useEffect(() => {
    let abort: AbortController | null = null;
    const poll = () => {
      abort?.abort();
      const current = new AbortController();
      abort = current;
      fetchHealth(current.signal).then(setHealth, (error: unknown) => {
        if (!isAbort(error)) setHealth(null);
      });
    };
    poll();
    const timer = window.setInterval(poll, everyMs);
    return () => {
      window.clearInterval(timer);
      abort?.abort();
    };
  }, [everyMs]);
  return health;
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}
