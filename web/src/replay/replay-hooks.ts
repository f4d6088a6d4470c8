/** React state of replay mode: idle (live), loading history, or a running session. Cleans up what it starts. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { NetworkIndex } from '../network/network-index';
import { BULK_REQUESTS, loadReplayHistory } from './replay-history.loader';
import { ReplaySession, type ReplayPosition } from './replay-session';

export type ReplayState =
  | { state: 'idle' }
  | { state: 'loading'; done: number; total: number }
  | { state: 'error'; message: string }
  | { state: 'ready'; session: ReplaySession };

export interface ReplayControl {
  replay: ReplayState;
  /** `source`: a replay run to take link estimates from (GET /api/replay-sources), null for the recorded history. */
  start(fromMs: number, toMs: number, source: string | null): void;
  stop(): void;
}

export function useReplay(network: NetworkIndex | null): ReplayControl {
  const [replay, setReplay] = useState<ReplayState>({ state: 'idle' });
  const abortRef = useRef<AbortController | null>(null);

  const stop = useCallback(() => {
    abortRef.current?.abort();
    abortRef.current = null;
    setReplay({ state: 'idle' });
  }, []);

  const start = useCallback(
    (fromMs: number, toMs: number, source: string | null) => {
      if (network === null) return;
      abortRef.current?.abort();
      const abort = new AbortController();
      abortRef.current = abort;
      setReplay({ state: 'loading', done: 0, total: network.detectors.size + BULK_REQUESTS });
      loadReplayHistory(network, { fromMs, toMs, source }, (done, total) => setReplay((r) => (r.state === 'loading' ? { state: 'loading', done, total } : r)), abort.signal).then(
        (history) => {
          if (!abort.signal.aborted) setReplay({ state: 'ready', session: new ReplaySession(history, network) });
        },
        (error: unknown) => {
          if (!abort.signal.aborted) setReplay({ state: 'error', message: error instanceof Error ? error.message : String(error) });
        },
      );
    },
    [network],
  );

  const session = replay.state === 'ready' ? replay.session : null;
  useEffect(() => () => session?.dispose(), [session]);
  useEffect(() => () => abortRef.current?.abort(), []);
  return { replay, start, stop };
}

const IDLE: ReplayPosition = { atMs: 0, playing: false, speed: 1, linkSource: 'stored' };

/** The session's time, play state and speed; re-renders on every change (each animation frame while playing). */
export function useReplayPosition(session: ReplaySession | null): ReplayPosition {
  const subscribe = useCallback((onChange: () => void) => session?.subscribe(onChange) ?? (() => undefined), [session]);
  const cache = useRef<{ session: ReplaySession | null; position: ReplayPosition }>({ session: null, position: IDLE });
  return useSyncExternalStore(subscribe, () => {
    if (session === null) return IDLE;
    const next = session.position();
    const last = cache.current;
    if (last.session === session && last.position.atMs === next.atMs && last.position.playing === next.playing && last.position.speed === next.speed && last.position.linkSource === next.linkSource) return last.position;
    cache.current = { session, position: next };
    return next;
  });
}
