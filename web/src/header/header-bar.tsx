import { useTranslation } from 'react-i18next';
import type { IngestCounters } from '../api/types';
import { useHealth } from '../hooks';
import { formatNumber } from '../i18n/format';
import { useIngestCounters, useOnlineControllerCount } from '../live/live-hooks';
import { useReplaySession } from '../replay/replay-context';
import type { ConnectionStatus } from '../live/live-feed';
import { AlertBadge } from './alert-badge';
import { ConnectionBadge } from './connection-badge';
import { LanguageSwitch } from './language-switch';
import { UserMenu } from '../auth/user-menu';
import { ViewSwitch, type AppView } from './view-switch';

interface Props {
  connection: ConnectionStatus;
  /** Intersections in the network model, once it has loaded. */
  intersectionCount: number | null;
  view: AppView;
  onViewChange: (view: AppView) => void;
  /** Replay mode is on: the screen shows recorded history, not the live feed. */
  replaying?: boolean;
}

/** Counters from the live feed when it has sent any (fresher), else from the last health poll. */
function ingestFigures(live: IngestCounters | null, health: Record<string, unknown> | undefined): { accepted: number; rejected: number } | null {
  if (live) return { accepted: live.accepted, rejected: live.rejected };
  const accepted = health?.['ingest.accepted'];
  const rejected = health?.['ingest.rejected'];
  return typeof accepted === 'number' && typeof rejected === 'number' ? { accepted, rejected } : null;
}

/** In replay a figure the recording does not give back: said so, never now's figure nor a zero. */
function NotReplayed() {
  const { t } = useTranslation();
  return (
    <span className="hint" title={t('replay.controllersNotReplayedTitle')} data-replayed="false">
      {t('replay.controllersNotReplayed')}
    </span>
  );
}

function ControllersOnline({ total, replaying }: { total: number | null; replaying: boolean }) {
  const { t, i18n } = useTranslation();
  const online = useOnlineControllerCount();
  // In replay the count of the stored statuses at the replay time, when the range has any stored status at all.
  const statusReplayed = (useReplaySession()?.history.statuses.size ?? 0) > 0;
  const value = total === null ? formatNumber(online, i18n.language) : `${formatNumber(online, i18n.language)} / ${formatNumber(total, i18n.language)}`;
  return (
    <div className="kpi">
      <dt>{t('header.controllersOnline')}</dt>
      <dd data-testid="kpi-controllers">{replaying && !statusReplayed ? <NotReplayed /> : value}</dd>
    </div>
  );
}

export function HeaderBar({ connection, intersectionCount, view, onViewChange, replaying = false }: Props) {
  const { t, i18n } = useTranslation();
  const health = useHealth();
  // The replay store's counters are zeros: ingest figures are not replayed.
  const counters = ingestFigures(useIngestCounters(), health?.counters);
  const system = health?.status ?? 'unknown';
  const figure = (value: number | undefined) => (value === undefined ? t('units.none') : formatNumber(value, i18n.language));
  return (
    <header className="header">
      <div className="brand">
        <span className="brand__mark" aria-hidden="true" />
        <div>
          <div className="brand__name">{t('app.brand')}</div>
          <h1 className="brand__subtitle">{t('app.subtitle')}</h1>
        </div>
      </div>
      <ViewSwitch view={view} onChange={onViewChange} />
      <dl className="kpis" aria-label={t('header.kpis')}>
        <div className="kpi">
          <dt>{t('header.system')}</dt>
          <dd>
            <span className={`pill pill--${system}`} data-testid="kpi-system">
              {t(`systemStatus.${system}`)}
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('header.accepted')}</dt>
          <dd data-testid="kpi-accepted">{replaying ? <NotReplayed /> : figure(counters?.accepted)}</dd>
        </div>
        <div className="kpi">
          <dt>{t('header.rejected')}</dt>
          <dd data-testid="kpi-rejected" className={!replaying && counters && counters.rejected > 0 ? 'kpi__value--warn' : undefined}>
            {replaying ? <NotReplayed /> : figure(counters?.rejected)}
          </dd>
        </div>
        <ControllersOnline total={intersectionCount} replaying={replaying} />
        <div className="kpi">
          <dt>{t('header.liveFeed')}</dt>
          <dd>
            <ConnectionBadge status={connection} replaying={replaying} />
          </dd>
        </div>
      </dl>
      <AlertBadge onOpenAlerts={() => onViewChange('alerts')} />
      <UserMenu />
      <LanguageSwitch />
    </header>
  );
}
