/** The live link store, fed from the same /ws messages as the LiveStore, for as long as the caller is mounted. */
import { useEffect, useState } from 'react';
import type { LiveStore } from '../live/live-store';
import { LinkLiveStore } from './link-live-store';

export function useLiveLinks(store: LiveStore): LinkLiveStore {
  const [links] = useState(() => new LinkLiveStore());
  useEffect(() => {
    const stop = store.observe((message) => links.apply(message));
    return () => stop();
  }, [store, links]);
  useEffect(() => () => links.dispose(), [links]);
  return links;
}
