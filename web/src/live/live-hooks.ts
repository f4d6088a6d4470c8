/** React bindings for the live store and feed. Each hook cleans up exactly what it started. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ControlAuditEvent, Override } from '@arterial/contracts/api/v1';
import type { DetectorLive, IngestCounters, IntersectionLive, ServerMessage } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { LiveFeed, liveFeedProtocols, liveFeedUrl, type ConnectionStatus } from './live-feed';
import type { LiveStore } from './live-store';
import { intersectionStatus, type IntersectionStatus } from './live-status';

export const LiveStoreContext = createContext<LiveStore | null>(null);

export function useLiveStore(): LiveStore {
  const store = useContext(LiveStoreContext);
  if (store === null) throw new Error('useLiveStore needs a LiveStoreContext provider');
  return store;
}

/**
 * Runs the /ws feed into the store for as long as the calling component is mounted. Each socket offers the
 * current access token; when the server closes for an expired token, the feed refreshes it and reconnects.
 */
export function useLiveFeed(store: LiveStore, onMessage?: (message: ServerMessage) => void): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting', attempt: 1 });
  const { accessToken, refresh } = useAuth();
  const extra = useRef(onMessage);
  extra.current = onMessage;
  useEffect(() => {
    const feed = new LiveFeed({
      url: liveFeedUrl(window.location),
      onMessage: (m) => {
        store.apply(m);
        extra.current?.(m);
      },
      onStatus: setStatus,
      protocols: () => liveFeedProtocols(accessToken()),
      onTokenExpired: refresh,
    });
    feed.start();
    return () => feed.stop();
  }, [store, accessToken, refresh]);
  return status;
}

function useStoreValue<T>(select: (store: LiveStore) => T): T {
  const store = useLiveStore();
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  return useSyncExternalStore(subscribe, () => select(store));
}

/** Re-renders only when this detector's object is replaced by a commit. */
export function useLiveDetector(id: string): DetectorLive | undefined {
  return useStoreValue((store) => store.detector(id));
}

export function useLiveIntersection(id: string): IntersectionLive | undefined {
  return useStoreValue((store) => store.intersection(id));
}

/** An intersection's status only: a string, so the caller re-renders when the status changes, not on every state message. */
export function useLiveIntersectionStatus(id: string): IntersectionStatus {
  return useStoreValue((store) => intersectionStatus(store.intersection(id)));
}

export function useIngestCounters(): IngestCounters | null {
  return useStoreValue((store) => store.ingestCounters());
}

/** Intersections whose controller reports online: a number, so readers re-render only when it changes. */
export function useOnlineControllerCount(): number {
  return useStoreValue((store) => {
    let online = 0;
    for (const live of store.allIntersections()) if (live.online === true) online += 1;
    return online;
  });
}

/** Re-renders on every commit; for summaries over all entities. */
export function useLiveVersion(): number {
  return useStoreValue((store) => store.getVersion());
}

/** Overrides of one intersection as the live feed reported them (newest first). */
export function useLiveOverrides(intersectionId: string): readonly Override[] {
  return useStoreValue((store) => store.overridesOf(intersectionId));
}

/** Control events of one intersection received live (newest first); changes whenever one arrives. */
export function useLiveControlEvents(intersectionId: string): readonly ControlAuditEvent[] {
  return useStoreValue((store) => store.controlEventsOf(intersectionId));
}
