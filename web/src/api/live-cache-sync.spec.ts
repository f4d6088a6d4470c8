import { QueryClient } from '@tanstack/react-query';
import { applyLiveMessage, mergeAlerts, type LatestKpis } from './live-cache-sync';
import { queryKeys } from './query-client';
import type { Alert, AlertList, Kpi } from './types';

function alert(id: string, state: Alert['state'] = 'raised'): Alert {
  return {
    id,
    kind: 'controller-offline',
    severity: 'critical',
    place: { type: 'intersection', id: 'I1' },
    state,
    raisedAt: 1,
    lastSeenAt: 1,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedNote: null,
    clearedAt: state === 'cleared' ? 2 : null,
    message: 'offline',
    details: {},
    occurrences: 1,
  };
}

function kpi(areaId: string): Kpi {
  return {
    areaId,
    ts: 60_000,
    intervalS: 60,
    meanSpeedKph: 40,
    tti: 1.2,
    index: 3,
    level: 'basically-smooth',
    delayVehH: 2,
    congestedLinkKm: 0.5,
    detectorCompleteness: 0.9,
    meanQualityScore: 80,
    linksGraded: 3,
    linksTotal: 4,
    detectors: 8,
  };
}

describe('live cache sync', () => {
  it('replaces changed alerts in place and puts new ones first', () => {
    const list: AlertList = { from: 0, to: 10, alerts: [alert('a'), alert('b')], historyError: null };
    const sut = mergeAlerts(list, [alert('b', 'cleared'), alert('c')]);
    expect(sut?.alerts.map((a) => `${a.id}:${a.state}`)).toEqual(['c:raised', 'a:raised', 'b:cleared']);
    expect(sut?.from).toBe(0);
    expect(mergeAlerts(list, [])).toBe(list);
  });

  it('writes alerts and KPI messages into the query cache', () => {
    const client = new QueryClient();
    client.setQueryData<AlertList>(queryKeys.alerts, { from: 0, to: 10, alerts: [alert('a')], historyError: null });
    applyLiveMessage(client, { type: 'alerts', serverTime: 5, alerts: [alert('a', 'acknowledged')] });
    expect(client.getQueryData<AlertList>(queryKeys.alerts)?.alerts[0]?.state).toBe('acknowledged');

    applyLiveMessage(client, { type: 'kpis', serverTime: 61_000, ts: 60_000, kpis: [kpi('network'), kpi('D1')] });
    const latest = client.getQueryData<LatestKpis>(queryKeys.kpiLatest);
    expect(latest?.ts).toBe(60_000);
    expect(latest?.kpis.map((k) => k.areaId)).toEqual(['network', 'D1']);
    client.clear();
  });

  it('starts the list from a snapshot and marks it stale for a refetch', () => {
    const client = new QueryClient();
    applyLiveMessage(client, { type: 'snapshot', serverTime: 5, detectors: [], intersections: [], counters: { accepted: 0, rejected: 0, duplicates: 0 }, alerts: [alert('s')] });
    expect(client.getQueryData<AlertList>(queryKeys.alerts)?.alerts.map((a) => a.id)).toEqual(['s']);
    expect(client.getQueryState(queryKeys.alerts)?.isInvalidated).toBe(true);
    client.clear();
  });
});
