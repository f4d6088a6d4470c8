import type { Alert } from '../api/types';
import { DEFAULT_ALERT_FILTER, compareAlerts, matchesFilter, newlyRaisedCritical, unacknowledgedCritical, visibleAlerts } from './alert-order';

function alert(overrides: Partial<Alert> & Pick<Alert, 'id'>): Alert {
  return {
    kind: 'congestion',
    severity: 'warning',
    place: { type: 'link', id: 'L1', name: 'Shennan Blvd' },
    state: 'raised',
    raisedAt: 1_000,
    lastSeenAt: 1_000,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedNote: null,
    clearedAt: null,
    message: 'Link L1 congested',
    details: {},
    occurrences: 1,
    ...overrides,
  };
}

describe('alert order and filters', () => {
  it('puts open alerts first, then by severity, then newest first', () => {
    const sut = [
      alert({ id: 'cleared-critical', severity: 'critical', state: 'cleared', clearedAt: 9_000 }),
      alert({ id: 'old-warning', lastSeenAt: 2_000 }),
      alert({ id: 'info', severity: 'info', lastSeenAt: 8_000 }),
      alert({ id: 'new-warning', lastSeenAt: 5_000 }),
      alert({ id: 'critical', severity: 'critical', state: 'acknowledged', lastSeenAt: 1_500, acknowledgedAt: 1_600 }),
    ].sort(compareAlerts);
    expect(sut.map((a) => a.id)).toEqual(['critical', 'new-warning', 'old-warning', 'info', 'cleared-critical']);
  });

  it('filters by severity, kind, state (open = not cleared) and every word of the text', () => {
    const a = alert({ id: 'a1', severity: 'critical', kind: 'controller-offline', place: { type: 'intersection', id: 'I1', name: 'Shennan & Yannan' } });
    const b = alert({ id: 'b2', state: 'cleared', clearedAt: 3_000, acknowledgedNote: 'crew sent' });
    expect(matchesFilter(a, { ...DEFAULT_ALERT_FILTER, severity: 'critical' })).toBe(true);
    expect(matchesFilter(b, { ...DEFAULT_ALERT_FILTER, severity: 'critical' })).toBe(false);
    expect(matchesFilter(a, { ...DEFAULT_ALERT_FILTER, kind: 'congestion' })).toBe(false);
    expect(matchesFilter(b, { ...DEFAULT_ALERT_FILTER, state: 'open' })).toBe(false);
    expect(matchesFilter(a, { ...DEFAULT_ALERT_FILTER, state: 'open' })).toBe(true);
    expect(matchesFilter(b, { ...DEFAULT_ALERT_FILTER, state: 'cleared' })).toBe(true);
    expect(matchesFilter(a, { ...DEFAULT_ALERT_FILTER, text: 'yannan i1' })).toBe(true);
    expect(matchesFilter(a, { ...DEFAULT_ALERT_FILTER, text: 'yannan crew' })).toBe(false);
    expect(matchesFilter(b, { ...DEFAULT_ALERT_FILTER, text: 'CREW' })).toBe(true);
    // Text the UI shows in the reader's language is searchable too.
    expect(matchesFilter(a, { ...DEFAULT_ALERT_FILTER, text: '离线' }, '信号机离线 · 深南大道')).toBe(true);
    expect(visibleAlerts([a, b], { ...DEFAULT_ALERT_FILTER, state: 'cleared' }).map((x) => x.id)).toEqual(['b2']);
  });

  it('counts and sounds only critical alerts nobody has acknowledged, each once', () => {
    const raised = alert({ id: 'c1', severity: 'critical' });
    const acked = alert({ id: 'c2', severity: 'critical', state: 'acknowledged' });
    const warning = alert({ id: 'w1' });
    expect(unacknowledgedCritical([raised, acked, warning]).map((a) => a.id)).toEqual(['c1']);
    expect(newlyRaisedCritical(new Set(), [raised, acked, warning])).toEqual(['c1']);
    expect(newlyRaisedCritical(new Set(['c1']), [raised, alert({ id: 'c3', severity: 'critical' })])).toEqual(['c3']);
  });
});
