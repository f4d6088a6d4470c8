/**
 * Phase-bar diagram of the running cycle (a single-ring ring-and-barrier view): one row per phase with its green,
 * yellow and all-red across the cycle, a cursor at the current cycle second, and the running phase with its time
 * to change, counting down between the controller's state messages.
 */
import type { IntersectionLive } from '@arterial/contracts/live/v1';
import type { PhaseDefinition } from '@arterial/contracts/network';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import { activePhase, cursorSecond, cycleIntervals, type IntervalKind, type PlanTimingView } from './cycle-timeline';

/** Okabe-Ito: bluish green, yellow and vermillion stay apart under red-green colour blindness; red is a dark fill. */
export const INTERVAL_COLORS: Record<IntervalKind | 'red', string> = {
  green: '#009E73',
  yellow: '#F0E442',
  'all-red': '#D55E00',
  red: '#3b2a33',
};

const WIDTH = 340;
const LABEL_W = 44;
const ROW_H = 18;
const ROW_GAP = 6;
const AXIS_H = 16;

interface Props {
  live: IntersectionLive;
  phases: readonly PhaseDefinition[];
  sequence: readonly number[];
  timing: PlanTimingView | null;
  /** Seconds since the controller's report (server clock), to advance cursor and countdown between reports. */
  elapsedS: number;
}

export function PhaseBar({ live, phases, sequence, timing, elapsedS }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const active = activePhase(live, elapsedS);
  const cycleS = timing?.cycleS ?? live.cycleS ?? 0;
  const intervals = timing ? cycleIntervals(phases, sequence, timing.splits) : [];
  const rows = sequence.length > 0 ? sequence : live.phases.map((p) => p.id);
  const plotW = WIDTH - LABEL_W - 4;
  const x = (s: number) => LABEL_W + (cycleS > 0 ? (s / cycleS) * plotW : 0);
  const height = rows.length * (ROW_H + ROW_GAP) + AXIS_H;
  const cursor = live.cycleSecond !== null && cycleS > 0 ? cursorSecond(live.cycleSecond, cycleS, elapsedS) : null;
  const stateLabel = active ? t(`phaseState.${active.state}`) : '';
  const countdown = active ? formatNumber(Math.ceil(active.remainingS), lang) : null;
  const summary =
    timing && cycleS > 0
      ? t('timing.summary', {
          cycle: formatNumber(cycleS, lang),
          splits: timing.splits.map((s) => t('timing.splitItem', { phase: s.phase, green: formatNumber(s.greenS, lang, s.greenS % 1 === 0 ? 0 : 1) })).join(', '),
        })
      : t('timing.noTiming');

  return (
    <div className="phase-bar" data-testid="phase-bar">
      <div className="phase-bar__now" aria-live="off">
        {active ? (
          <>
            <span className={`phase-bar__lamp phase-bar__lamp--${active.state}`} aria-hidden="true" />
            <span data-testid="active-phase">{t('timing.activePhase', { phase: active.phase, state: stateLabel })}</span>
            <span className="phase-bar__countdown" data-testid="time-to-change">
              {t('timing.changesIn', { seconds: countdown })}
            </span>
          </>
        ) : (
          <span className="hint">{t('timing.noState')}</span>
        )}
        {cursor !== null && (
          <span className="phase-bar__second" data-testid="cycle-second">
            {t('timing.cycleSecond', { second: formatNumber(Math.floor(cursor), lang), cycle: formatNumber(cycleS, lang) })}
          </span>
        )}
      </div>
      {timing && cycleS > 0 ? (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary} className="phase-bar__svg">
          {rows.map((phase, row) => {
            const y = row * (ROW_H + ROW_GAP);
            const mine = intervals.filter((i) => i.phase === phase);
            const running = active?.phase === phase;
            return (
              <g key={phase} data-phase={phase}>
                <text x={0} y={y + ROW_H - 5} className={`phase-bar__label${running ? ' phase-bar__label--active' : ''}`}>
                  {t('timing.phaseShort', { phase })}
                </text>
                <rect x={x(0)} y={y} width={plotW} height={ROW_H} fill={INTERVAL_COLORS.red} />
                {mine.map((i) => (
                  <rect key={i.kind} x={x(i.startS)} y={y} width={Math.max(1, x(i.endS) - x(i.startS))} height={ROW_H} fill={INTERVAL_COLORS[i.kind]}>
                    <title>
                      {t(`timing.kind.${i.kind}`)}: {formatNumber(i.startS, lang, 1)}–{formatNumber(i.endS, lang, 1)} s
                    </title>
                  </rect>
                ))}
                {running && <rect x={x(0) - 1} y={y - 1} width={plotW + 2} height={ROW_H + 2} className="phase-bar__active-outline" />}
              </g>
            );
          })}
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <text key={f} x={x(cycleS * f)} y={height - 3} textAnchor={f === 0 ? 'start' : f === 1 ? 'end' : 'middle'} className="phase-bar__axis">
              {formatNumber(Math.round(cycleS * f), lang)}
            </text>
          ))}
          {cursor !== null && <line x1={x(cursor)} x2={x(cursor)} y1={0} y2={height - AXIS_H + 2} className="phase-bar__cursor" data-testid="cycle-cursor" />}
        </svg>
      ) : (
        <p className="hint">{t('timing.noTiming')}</p>
      )}
      <ul className="phase-bar__legend" aria-label={t('timing.legend')}>
        {(['green', 'yellow', 'all-red', 'red'] as const).map((kind) => (
          <li key={kind}>
            <span className="phase-bar__swatch" style={{ background: INTERVAL_COLORS[kind] }} aria-hidden="true" />
            {t(`timing.kind.${kind}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
