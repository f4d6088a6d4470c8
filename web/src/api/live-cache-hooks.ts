import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { LiveStore } from '../live/live-store';
import { applyLiveMessage } from './live-cache-sync';

/** Feeds the live store's messages into the query cache for as long as the caller is mounted. */
export function useLiveCacheSync(store: LiveStore): void {
  const client = useQueryClient();
  useEffect(() => store.observe((message) => applyLiveMessage(client, message)), [store, client]);
}
