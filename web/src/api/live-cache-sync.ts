/**
 * Keeps the query cache live from the /ws feed: alert changes and each interval's KPIs are written into the cache
 * as they arrive (setQueryData), so lists stay current without polling. A snapshot (every (re)connect) marks the
 * alert list stale, since alerts may have cleared while the feed was away.
 */
import type { QueryClient } from '@tanstack/react-query';
import { queryKeys } from './query-client';
import type { Alert, AlertList, Kpi, ServerMessage } from './types';

/** The latest interval's KPIs, network first then districts, as the live feed sends them. */
export interface LatestKpis {
  ts: number;
  kpis: readonly Kpi[];
}

/** The list with each changed alert replaced by its new state (or added in front when new). */
export function mergeAlerts(list: AlertList | undefined, changed: readonly Alert[]): AlertList | undefined {
  if (changed.length === 0) return list;
  const base: AlertList = list ?? { from: 0, to: 0, alerts: [], historyError: null };
  const byId = new Map(changed.map((alert) => [alert.id, alert]));
  const alerts = base.alerts.map((alert) => {
    const next = byId.get(alert.id);
    if (!next) return alert;
    byId.delete(alert.id);
    return next;
  });
  return { ...base, alerts: [...byId.values(), ...alerts] };
}

export function applyLiveMessage(client: QueryClient, message: ServerMessage): void {
  switch (message.type) {
    case 'alerts':
      client.setQueryData<AlertList>(queryKeys.alerts, (list) => mergeAlerts(list, message.alerts));
      return;
    case 'snapshot':
      if (message.alerts) client.setQueryData<AlertList>(queryKeys.alerts, (list) => mergeAlerts(list, message.alerts ?? []));
      void client.invalidateQueries({ queryKey: queryKeys.alerts });
      return;
    case 'kpis':
      client.setQueryData<LatestKpis>(queryKeys.kpiLatest, { ts: message.ts, kpis: message.kpis });
      return;
    default:
      return;
  }
}
