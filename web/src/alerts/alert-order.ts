/** Order and filters of the alert list; pure, so the rules are tested without a browser. */
import type { Alert, AlertKind, AlertSeverity, AlertState } from '../api/types';

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
/** Listed in this order in the kind filter; a Record so a new contract kind fails the build until it is placed. */
const KIND_RANK: Record<AlertKind, number> = {
  'controller-offline': 0,
  congestion: 1,
  'congestion-predicted': 2,
  'detector-fault': 3,
  'completeness-low': 4,
  'plan-rejected': 5,
  'plan-inputs-degraded': 6,
};
export const ALERT_KIND_LIST = (Object.keys(KIND_RANK) as AlertKind[]).sort((a, b) => KIND_RANK[a] - KIND_RANK[b]);
export const ALERT_SEVERITY_LIST: readonly AlertSeverity[] = ['critical', 'warning', 'info'];
export const ALERT_STATE_LIST: readonly AlertState[] = ['raised', 'acknowledged', 'cleared'];

/** When the alert last changed as the list sees it: its clear, else its latest report. */
export function alertTime(alert: Alert): number {
  return alert.clearedAt ?? Math.max(alert.lastSeenAt, alert.acknowledgedAt ?? 0, alert.raisedAt);
}

/** Open alerts before cleared ones (what needs doing comes first), then by severity, then newest first. */
export function compareAlerts(a: Alert, b: Alert): number {
  const openA = a.state === 'cleared' ? 1 : 0;
  const openB = b.state === 'cleared' ? 1 : 0;
  if (openA !== openB) return openA - openB;
  const severity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (severity !== 0) return severity;
  const time = alertTime(b) - alertTime(a);
  return time !== 0 ? time : a.id.localeCompare(b.id);
}

export interface AlertFilter {
  severity: AlertSeverity | 'all';
  kind: AlertKind | 'all';
  state: AlertState | 'open' | 'all';
  text: string;
}

export const DEFAULT_ALERT_FILTER: AlertFilter = { severity: 'all', kind: 'all', state: 'all', text: '' };

/** Case-insensitive match of every word in `text` against the alert's message, place and ids. */
export function matchesFilter(alert: Alert, filter: AlertFilter, extraText = ''): boolean {
  if (filter.severity !== 'all' && alert.severity !== filter.severity) return false;
  if (filter.kind !== 'all' && alert.kind !== filter.kind) return false;
  if (filter.state === 'open' ? alert.state === 'cleared' : filter.state !== 'all' && alert.state !== filter.state) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [alert.message, alert.place.id, alert.place.name ?? '', alert.id, alert.acknowledgedNote ?? '', extraText].join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function visibleAlerts(alerts: readonly Alert[], filter: AlertFilter, describe: (alert: Alert) => string = () => ''): Alert[] {
  return alerts.filter((alert) => matchesFilter(alert, filter, describe(alert))).sort(compareAlerts);
}

/** Critical alerts nobody has acknowledged yet: what the header badge counts. */
export function unacknowledgedCritical(alerts: readonly Alert[]): Alert[] {
  return alerts.filter((alert) => alert.severity === 'critical' && alert.state === 'raised');
}

/**
 * Ids in `current` that are raised critical alerts not in `known`: what should sound. The first list a session
 * sees seeds `known` without sounding (those were raised before the operator looked).
 */
export function newlyRaisedCritical(known: ReadonlySet<string>, current: readonly Alert[]): string[] {
  return unacknowledgedCritical(current)
    .map((alert) => alert.id)
    .filter((id) => !known.has(id));
}
