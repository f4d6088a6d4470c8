/**
 * Which replay, if any, the screen shows, for the views that fetch history of their own (the intersection panel's
 * plans, charts and data quality): they ask for the window around the replay time instead of the last hour.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { ReplaySession } from './replay-session';

export const ReplaySessionContext = createContext<ReplaySession | null>(null);

export function useReplaySession(): ReplaySession | null {
  return useContext(ReplaySessionContext);
}

/** While playing, the cursor time handed to queries moves at most this often (real time): a refetch, not a frame. */
export const REPLAY_WINDOW_THROTTLE_MS = 1_000;

/** The replay time rounded down to `stepMs`. */
export function replayCursor(atMs: number, stepMs: number): number {
  return Math.floor(atMs / stepMs) * stepMs;
}

/**
 * The replay time rounded down to `stepMs`, or null when live. Re-renders only when it changes, and while playing at
 * most every REPLAY_WINDOW_THROTTLE_MS (at 3,600× a minute passes each frame); a seek or a pause shows at once.
 */
export function useReplayCursor(stepMs: number): number | null {
  const session = useReplaySession();
  const [cursor, setCursor] = useState<number | null>(() => (session ? replayCursor(session.position().atMs, stepMs) : null));
  useEffect(() => {
    if (session === null) {
      setCursor(null);
      return;
    }
    let shown: number | null = null;
    let shownAt = -Infinity;
    const update = (atMs: number, playing: boolean) => {
      const next = replayCursor(atMs, stepMs);
      const now = performance.now();
      if (next === shown || (playing && now - shownAt < REPLAY_WINDOW_THROTTLE_MS)) return;
      shown = next;
      shownAt = now;
      setCursor(next);
    };
    update(session.position().atMs, false);
    return session.subscribe((position) => update(position.atMs, position.playing));
  }, [session, stepMs]);
  return cursor;
}
