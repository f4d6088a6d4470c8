import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchIntersection, isAbort } from '../api/api-client';
import type { IntersectionDetail, IntersectionLive, PhaseDefinition } from '../api/types';
import { formatDateTime, formatNumber, formatTime } from '../i18n/format';
import { useLiveDetector, useLiveIntersection, useLiveStore } from '../live/live-hooks';
import { detectorStatus, intersectionStatus } from '../live/live-status';
import { DETECTOR_COLORS, INTERSECTION_COLORS } from '../map/palette';
import { displayName } from '../network/network-index';
import { DetailHeader, Field, StatusDot } from './panel-parts';
import { AuditTrail } from '../overrides/audit-trail';
import { OverrideControls } from '../overrides/override-controls';
import { OverrideHistory } from '../overrides/override-history';
import { runningPlanTiming } from '../timing/cycle-timeline';
import { IntersectionTiming } from '../timing/intersection-timing';
import { useLiveOverrides } from '../live/live-hooks';
import { DetectorCharts } from './detector-charts';
import { DetectorQualityList } from './detector-quality-list';
import { HISTORY_SPAN_MS, useLiveControlRefresh, useOverrideList, usePlans } from './intersection-queries';
import { PlanHistory } from './plan-history';
import { plansAsOf } from './plans-as-of';
import { useReplayCursor, useReplaySession } from '../replay/replay-context';
import { RunningPlan } from './running-plan';
import type { Override } from '@arterial/contracts/api/v1';
import type { PanelProps } from './side-panel';

type DetailState = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; detail: IntersectionDetail };

function useIntersectionDetail(id: string): DetailState {
  const [detail, setDetail] = useState<DetailState>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setDetail({ state: 'loading' });
    fetchIntersection(id, abort.signal).then(
      (value) => setDetail({ state: 'ready', detail: value }),
      (error: unknown) => {
        if (!isAbort(error)) setDetail({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [id]);
  return detail;
}

function PhaseList({ definitions, live }: { definitions: readonly PhaseDefinition[]; live: IntersectionLive | null }) {
  const { t, i18n } = useTranslation();
  const byId = new Map(live?.phases.map((p) => [p.id, p]));
  const ids = [...new Set([...definitions.map((d) => d.id), ...byId.keys()])].sort((a, b) => a - b);
  if (ids.length === 0) return <p className="hint">{t('intersection.noPhaseState')}</p>;
  return (
    <ul className="phases" data-testid="phase-list">
      {ids.map((id) => {
        const definition = definitions.find((d) => d.id === id);
        const status = byId.get(id);
        return (
          <li key={id} className="phase">
            <span className={`phase__lamp phase__lamp--${status?.state ?? 'unknown'}`} aria-hidden="true" />
            <span className="phase__name">
              {t('intersection.phase', { id })}
              {definition && <span className="phase__label"> · {displayName(definition, i18n.language)}</span>}
            </span>
            <span className="phase__state">{status ? t(`phaseState.${status.state}`) : t('units.none')}</span>
            <span className="phase__remaining">
              {status ? t('intersection.remaining', { seconds: formatNumber(status.remainingS, i18n.language) }) : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function DetectorRow({ id, onSelect }: { id: string; onSelect: PanelProps['onSelect'] }) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const live = useLiveDetector(id);
  const status = detectorStatus(live, store.latestServerTime());
  return (
    <li>
      <button type="button" className="list-row" onClick={() => onSelect({ kind: 'detector', id }, { focus: true })}>
        <StatusDot color={DETECTOR_COLORS[status]} />
        <span className="list-row__name">{id}</span>
        <span className="list-row__meta">
          {live ? t('units.percent', { value: formatNumber(live.occupancyPct, i18n.language, 1) }) : t(`detectorStatus.${status}`)}
        </span>
      </button>
    </li>
  );
}

export function IntersectionDetails({ id, network, onSelect, onClose }: PanelProps & { id: string }) {
  const { t, i18n } = useTranslation();
  const feature = network.intersections.get(id);
  const detail = useIntersectionDetail(id);
  const fetched = detail.state === 'ready' ? detail.detail : null;
  const replaying = useReplaySession() !== null;
  // Plans as they stood at the replay time, looked at again every 10 replayed seconds (not every frame).
  const replayAt = useReplayCursor(10_000);
  // The feed is fresher than the REST answer, which only fills in until the feed has spoken; in replay it is now's.
  const live = useLiveIntersection(id) ?? (replaying ? null : fetched?.live) ?? null;
  const named = fetched ?? feature?.properties;
  useLiveControlRefresh(id);
  const plans = usePlans(id);
  const overrideList = useOverrideList(id);
  const liveOverrides = useLiveOverrides(id);
  if (!named) {
    return (
      <section className="panel-section">
        <DetailHeader kind={t('intersection.kind')} title={id} onBack={onClose} />
        <p className="hint">{detail.state === 'loading' ? t('panel.loading') : t('panel.unknownFeature')}</p>
      </section>
    );
  }
  const status = intersectionStatus(live);
  const phases = fetched?.phases ?? feature?.properties.phases ?? [];
  const sequence = fetched?.sequence ?? feature?.properties.sequence ?? [];
  const junction = { phases, sequence, cycleBounds: feature?.properties.cycleBounds, maxChangePerCycleS: feature?.properties.maxChangePerCycleS };
  // In replay the plans known at the replay time, each with its status then.
  const knownPlans = replayAt === null ? (plans.data?.plans ?? []) : plansAsOf(plans.data?.plans ?? [], -Infinity, replayAt);
  const planHistory = replayAt === null ? knownPlans : knownPlans.filter((p) => p.sentAt >= replayAt - HISTORY_SPAN_MS);
  const timing = runningPlanTiming(live, knownPlans, fetched?.fallbackPlan ?? feature?.properties.fallbackPlan ?? null);
  const overrides = mergeOverrides(liveOverrides, overrideList.data?.history ?? []);
  const activeOverride = overrides.find((o) => o.state === 'pending' || o.state === 'active') ?? null;
  const detectorIds = network.detectorsByIntersection.get(id) ?? [];
  const online = live?.online;
  const none = t('units.none');
  // In replay the stored status at the replay time; a junction with none stored up to then says so rather than show now's.
  const noStatus = replaying && (online === null || online === undefined);
  const notReplayed = <span className="hint" data-testid="status-not-replayed">{t('panel.replay.statusNotReplayed')}</span>;
  return (
    <section className="panel-section" data-testid="intersection-details">
      <DetailHeader
        kind={t('intersection.kind')}
        title={displayName(named, i18n.language)}
        subtitle={
          <>
            <StatusDot color={INTERSECTION_COLORS[status]} /> {t(`status.${status}`)} · <span className="mono">{id}</span>
          </>
        }
        onBack={onClose}
      />
      {detail.state === 'error' && <p className="notice notice--warn">{t('panel.loadError', { message: detail.message })}</p>}
      <dl className="fields">
        <Field label={t('intersection.mode')} testId="intersection-mode">
          {live?.mode ? t(`status.${live.mode}`) : none}
        </Field>
        <Field label={t('intersection.plan')}>{live?.planId ? <span className="mono">{live.planId}</span> : none}</Field>
        <Field label={t('intersection.cycle')}>
          {live?.cycleS != null && live.cycleSecond != null
            ? t('intersection.cycleValue', { second: formatNumber(live.cycleSecond, i18n.language), cycle: formatNumber(live.cycleS, i18n.language) })
            : none}
        </Field>
        <Field label={t('intersection.online')} testId="intersection-online">
          {noStatus ? (
            notReplayed
          ) : (
            <span className={online === false ? 'text-alarm' : undefined}>
              {online === true ? t('intersection.onlineYes') : online === false ? t('intersection.onlineNo') : t('intersection.onlineUnknown')}
            </span>
          )}
        </Field>
        <Field label={t('intersection.firmware')} testId="intersection-firmware">{noStatus ? notReplayed : live?.firmware ? <span className="mono">{live.firmware}</span> : none}</Field>
        <Field label={t('intersection.faults')} testId="intersection-faults">
          {noStatus ? (
            notReplayed
          ) : live && live.faults.length > 0 ? (
            <ul className="faults">
              {live.faults.map((fault) => (
                <li key={fault} className="mono text-alarm">
                  {fault}
                </li>
              ))}
            </ul>
          ) : (
            t('intersection.noFaults')
          )}
        </Field>
        <Field label={t('intersection.lastUpdate')}>{live?.ts != null ? formatTime(live.ts, i18n.language) : t('intersection.never')}</Field>
      </dl>
      <h3>{t('timing.title')}</h3>
      <IntersectionTiming live={live} phases={phases} sequence={sequence} timing={timing} />
      <h3>{t('intersection.phases')}</h3>
      <PhaseList definitions={phases} live={live} />
      <h3>{t('panel.plan.title')}</h3>
      <RunningPlan timing={timing} />
      <h3>{t('overrides.title')}</h3>
      {replaying && (
        <p className="notice" data-testid="overrides-live">
          {t('panel.replay.overridesLive')}
        </p>
      )}
      {activeOverride && (
        <p className="notice notice--warn" data-testid="active-override">
          {t('overrides.activeNow', { action: t(`overrides.action.${activeOverride.action}`), actor: activeOverride.actor, state: t(`overrides.state.${activeOverride.state}`) })}
        </p>
      )}
      <OverrideControls intersectionId={id} junction={junction} timing={timing} overrides={overrides} active={activeOverride} />
      <OverrideHistory overrides={overrides} />
      <AuditTrail intersectionId={id} />
      <h3>{t('panel.plan.history')}</h3>
      {replayAt !== null && (
        <p className="hint" data-testid="plan-history-window">
          {t('panel.replay.plansWindow', { to: formatDateTime(replayAt, i18n.language, true) })}
        </p>
      )}
      {plans.isError ? <p className="notice notice--warn">{t('panel.loadError', { message: plans.error.message })}</p> : <PlanHistory plans={planHistory} />}
      {detectorIds.length > 0 && (
        <>
          <h3>{t('intersection.detectors')}</h3>
          <ul className="list">
            {detectorIds.map((detectorId) => (
              <DetectorRow key={detectorId} id={detectorId} onSelect={onSelect} />
            ))}
          </ul>
        </>
      )}
      {detectorIds.length > 0 && (
        <>
          <h3>{t('panel.charts.title')}</h3>
          <DetectorCharts detectorIds={detectorIds} />
          <h3>{t('panel.quality.title')}</h3>
          <DetectorQualityList detectorIds={detectorIds} />
        </>
      )}
    </section>
  );
}

/** Live states are fresher than the REST list; each override once, newest start first. */
function mergeOverrides(live: readonly Override[], fetched: readonly Override[]): Override[] {
  const byId = new Map<string, Override>();
  for (const o of fetched) byId.set(o.overrideId, o);
  for (const o of live) byId.set(o.overrideId, o);
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
}
