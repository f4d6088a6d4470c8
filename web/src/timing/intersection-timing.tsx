/** The live phase bar of one junction, advanced between state messages by the centre's clock from the feed. */
import type { IntersectionLive } from '@arterial/contracts/live/v1';
import type { PhaseDefinition } from '@arterial/contracts/network';
import { useTranslation } from 'react-i18next';
import { useLiveStore, useLiveVersion } from '../live/live-hooks';
import type { PlanTimingView } from './cycle-timeline';
import { PhaseBar } from './phase-bar';

interface Props {
  live: IntersectionLive | null;
  phases: readonly PhaseDefinition[];
  sequence: readonly number[];
  timing: PlanTimingView | null;
}

export function IntersectionTiming({ live, phases, sequence, timing }: Props) {
  const { t } = useTranslation();
  const store = useLiveStore();
  // Every commit (counters arrive each second) moves the centre's clock, and with it cursor and countdown.
  useLiveVersion();
  if (!live || live.ts === null) return <p className="hint">{t('timing.noState')}</p>;
  const serverNow = store.latestServerTime() ?? live.ts;
  const elapsedS = Math.max(0, (serverNow - live.ts) / 1000);
  const suspended = live.mode === 'manual' || live.mode === 'flash' || live.mode === 'off' || live.online === false;
  return (
    <>
      {suspended && (
        <p className="notice notice--warn" data-testid="timing-suspended">
          {t('timing.suspended', { mode: t(`status.${live.online === false ? 'offline' : (live.mode ?? 'unknown')}`) })}
        </p>
      )}
      <PhaseBar live={live} phases={phases} sequence={sequence} timing={suspended ? null : timing} elapsedS={elapsedS} />
    </>
  );
}
