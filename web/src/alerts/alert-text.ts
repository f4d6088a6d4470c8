/** Localised words for an alert: its title and the facts behind it (the server's `message` is English only). */
import type { TFunction } from 'i18next';
import type { Alert } from '../api/types';
import { formatNumber } from '../i18n/format';
import { asLevel } from '../kpi/gbt-level';
import { displayName, type NetworkIndex } from '../network/network-index';

export function placeName(alert: Alert, network: NetworkIndex | null, language: string): string {
  const { place } = alert;
  const feature =
    place.type === 'intersection' ? network?.intersections.get(place.id) : place.type === 'link' ? network?.links.get(place.id) : place.type === 'detector' ? network?.detectors.get(place.id) : undefined;
  const props = feature?.properties as { name?: string; nameZh?: string } | undefined;
  if (props?.name) return displayName({ name: props.name, nameZh: props.nameZh }, language);
  return place.name ?? place.id;
}

export function alertTitle(alert: Alert, t: TFunction, network: NetworkIndex | null, language: string): string {
  return t('alerts.title', { kind: t(`alerts.kinds.${alert.kind}`), place: placeName(alert, network, language) });
}

const OFFLINE_REASONS = ['last-will', 'status', 'silent'] as const;

/** The controller-offline reasons are codes the UI words; a plan rejection's reason is the controller's own text. */
function reasonText(reason: string, t: TFunction): string {
  const known = OFFLINE_REASONS.find((code) => code === reason);
  return known ? t(`alerts.reasons.${known}`) : reason;
}

/** One short phrase per fact present in the details. */
export function alertFacts(alert: Alert, t: TFunction, language: string): string[] {
  const d = alert.details;
  const facts: string[] = [];
  if (d.level !== undefined) facts.push(t('alerts.facts.level', { level: d.level, name: t(`kpi.levels.l${asLevel(d.level)}`) }));
  if (d.leadTimeS !== undefined) facts.push(t('alerts.facts.leadTime', { minutes: formatNumber(d.leadTimeS / 60, language) }));
  if (d.confidence !== undefined) facts.push(t('alerts.facts.confidence', { value: formatNumber(d.confidence * 100, language) }));
  if (d.faultCodes && d.faultCodes.length > 0) facts.push(t('alerts.facts.faults', { codes: d.faultCodes.join(', ') }));
  if (d.intervals !== undefined) facts.push(t('alerts.facts.intervals', { count: d.intervals }));
  if (d.silentS !== undefined) facts.push(t('alerts.facts.silent', { seconds: formatNumber(d.silentS, language) }));
  if (d.planId !== undefined) facts.push(t('alerts.facts.plan', { plan: d.planId }));
  if (d.phases && d.phases.length > 0) facts.push(t('alerts.facts.phases', { phases: d.phases.join(', ') }));
  if (d.reason !== undefined) facts.push(t('alerts.facts.reason', { reason: reasonText(d.reason, t) }));
  if (d.suppressed !== undefined && d.suppressed > 0) facts.push(t('alerts.facts.reopened', { count: d.suppressed }));
  return facts;
}
