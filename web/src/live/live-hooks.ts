/** React bindings for the live store and feed. Each hook cleans up exactly what it started. */
import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { DetectorLive, IngestCounters, IntersectionLive } from '../api/types';
import { LiveFeed, liveFeedUrl, type ConnectionStatus } from './live-feed';
import type { LiveStore } from './live-store';

export const LiveStoreContext = createContext<LiveStore | null>(null);

export function useLiveStore(): LiveStore {
  const store = useContext(LiveStoreContext);
  if (store === null) throw new Error('useLiveStore needs a LiveStoreContext provider');
  return store;
}

/** Runs the /ws feed into the store for as long as the calling component is mounted. */
export function useLiveFeed(store: LiveStore): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>({ state: 'connecting', attempt: 1 });
  useEffect(() => {
    const feed = new LiveFeed({ url: liveFeedUrl(window.location), onMessage: (m) => store.apply(m), onStatus: setStatus });
    feed.start();
    return () => feed.stop();
  }, [store]);
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

export function useIngestCounters(): IngestCounters | null {
  return useStoreValue((store) => store.ingestCounters());
}

/** Re-renders on every commit; for summaries over all entities. */
export function useLiveVersion(): number {
  return useStoreValue((store) => store.getVersion());
}
