/**
 * The override buttons of an intersection (operators and above only: lower roles get nothing rendered) and the
 * outcome of the last one sent: refused by the centre, accepted (waiting for the controller), acknowledged, or
 * rejected by the controller.
 */
import type { Override, OverrideAction } from '@arterial/contracts/api/v1';
import { describePlanViolation, type JunctionLimits, type PhaseDefinition } from '@arterial/contracts/network';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../auth/auth-context';
import { formatNumber } from '../i18n/format';
import { displayName } from '../network/network-index';
import type { PlanTimingView } from '../timing/cycle-timeline';
import { OverrideRefused, postOverride } from './override-api';
import { DEFAULT_DURATION_S, draftProblems, forcedCycleS, forcedPlanViolations, maxDurationS, overrideRequest, type OverrideDraft } from './override-draft';
import { OverrideDialog } from './override-dialog';

const ACTIONS: readonly OverrideAction[] = ['force-plan', 'hold-phase', 'flash', 'resume-adaptive'];

interface Props {
  intersectionId: string;
  junction: JunctionLimits & { phases: PhaseDefinition[] };
  timing: PlanTimingView | null;
  /** Every override of the junction seen, newest first (live feed over REST), to follow the last one sent. */
  overrides: readonly Override[];
  active: Override | null;
}

function initialDraft(action: OverrideAction, junction: Props['junction'], timing: PlanTimingView | null): OverrideDraft {
  const greens: Record<number, number> = {};
  for (const id of junction.sequence) {
    const phase = junction.phases.find((p) => p.id === id);
    greens[id] = timing?.splits.find((s) => s.phase === id)?.greenS ?? phase?.minGreenS ?? 0;
  }
  return { action, reason: '', durationS: DEFAULT_DURATION_S[action], phase: junction.sequence[0] ?? null, greens, offsetS: timing?.offsetS ?? 0 };
}

type Outcome = { kind: 'refused'; message: string } | { kind: 'sent'; overrideId: string; action: OverrideAction } | { kind: 'resumed' };

export function OverrideControls({ intersectionId, junction, timing, overrides, active }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const allowed = useCan('createOverride');
  const [draft, setDraft] = useState<OverrideDraft | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const phaseId = useId();
  const durationId = useId();
  const mutation = useMutation({
    mutationFn: (request: ReturnType<typeof overrideRequest>) => postOverride(intersectionId, request),
  });
  if (!allowed) return null;

  const nowMs = Date.now();
  const problems = draft ? draftProblems(junction, draft, nowMs) : [];
  const problemTexts = draft
    ? problems.flatMap((p) =>
        p === 'unsafe-plan' ? forcedPlanViolations(junction, draft, nowMs).map((v) => t('overrides.problem.unsafe', { rule: describePlanViolation(v) })) : [t(`overrides.problem.${p}`)],
      )
    : [];

  const confirm = () => {
    if (!draft || problems.length > 0) return;
    const request = overrideRequest(junction, draft);
    mutation.mutate(request, {
      onSuccess: (override) => {
        setOutcome(draft.action === 'resume-adaptive' ? { kind: 'resumed' } : { kind: 'sent', overrideId: override.overrideId, action: draft.action });
        setDraft(null);
      },
      onError: (error) => {
        const message =
          error instanceof OverrideRefused
            ? [t('overrides.refusedStatus', { status: error.status, message: error.message }), ...error.violations.map(describePlanViolation)].join(' · ')
            : error.message;
        setOutcome({ kind: 'refused', message });
        setDraft(null);
      },
    });
  };

  const followed = outcome?.kind === 'sent' ? overrides.find((o) => o.overrideId === outcome.overrideId) : undefined;
  const outcomeText = (() => {
    if (!outcome) return null;
    if (outcome.kind === 'refused') return { tone: 'alarm', text: t('overrides.outcome.refused', { message: outcome.message }) };
    if (outcome.kind === 'resumed') return { tone: 'ok', text: t('overrides.outcome.resumed') };
    const state = followed?.state ?? 'pending';
    if (state === 'failed') return { tone: 'alarm', text: t('overrides.outcome.rejected', { reason: followed?.outcome ?? '' }) };
    if (state === 'active') return { tone: 'ok', text: t('overrides.outcome.acked') };
    if (state === 'ended') return { tone: 'muted', text: t('overrides.outcome.ended', { outcome: followed?.outcome ?? '' }) };
    return { tone: 'warn', text: t('overrides.outcome.accepted') };
  })();

  const setField = (patch: Partial<OverrideDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const phaseName = (id: number) => {
    const phase = junction.phases.find((p) => p.id === id);
    return phase ? displayName(phase, i18n.language) : '';
  };

  return (
    <div className="override-controls" data-testid="override-controls">
      <div className="override-controls__buttons" role="group" aria-label={t('overrides.actionsLabel')}>
        {ACTIONS.map((action) => (
          <button
            key={action}
            type="button"
            className={`button${action === 'resume-adaptive' ? '' : ' button--warn'}`}
            disabled={(action === 'resume-adaptive' && active === null) || (action === 'force-plan' && junction.sequence.length === 0)}
            onClick={() => setDraft(initialDraft(action, junction, timing))}
            data-testid={`override-${action}`}
          >
            {t(`overrides.action.${action}`)}
          </button>
        ))}
      </div>
      {outcomeText && (
        <p className={`notice notice--${outcomeText.tone}`} role="status" data-testid="override-outcome" data-state={outcome?.kind === 'sent' ? (followed?.state ?? 'pending') : outcome?.kind}>
          {outcomeText.text}
        </p>
      )}
      {draft && (
        <OverrideDialog
          title={t(`overrides.confirmTitle.${draft.action}`)}
          summary={t(`overrides.confirmSummary.${draft.action}`, { id: intersectionId })}
          reason={draft.reason}
          onReason={(reason) => setField({ reason })}
          problems={problemTexts}
          busy={mutation.isPending}
          onConfirm={confirm}
          onCancel={() => setDraft(null)}
        >
          {draft.action === 'hold-phase' && (
            <>
              <label htmlFor={phaseId} className="modal__label">
                {t('overrides.phase')}
              </label>
              <select id={phaseId} value={draft.phase ?? ''} onChange={(e) => setField({ phase: Number(e.target.value) })} data-testid="override-phase">
                {junction.sequence.map((id) => (
                  <option key={id} value={id}>
                    {t('timing.phaseShort', { phase: id })} · {phaseName(id)}
                  </option>
                ))}
              </select>
            </>
          )}
          {draft.action === 'force-plan' && (
            <fieldset className="modal__greens" data-testid="override-greens">
              <legend>{t('overrides.greens', { cycle: formatNumber(forcedCycleS(junction, draft.greens), lang) })}</legend>
              {junction.sequence.map((id) => (
                <label key={id}>
                  <span>
                    {t('timing.phaseShort', { phase: id })} · {phaseName(id)}
                  </span>
                  <input
                    type="number"
                    min={0}
                    step={1}
                    value={draft.greens[id] ?? 0}
                    onChange={(e) => setField({ greens: { ...draft.greens, [id]: Number(e.target.value) } })}
                    data-testid={`override-green-${id}`}
                  />
                </label>
              ))}
            </fieldset>
          )}
          {draft.action !== 'resume-adaptive' && (
            <>
              <label htmlFor={durationId} className="modal__label">
                {t('overrides.duration', { max: formatNumber(maxDurationS(draft.action), lang) })}
              </label>
              <input
                id={durationId}
                type="number"
                min={1}
                max={maxDurationS(draft.action)}
                value={draft.durationS}
                onChange={(e) => setField({ durationS: Number(e.target.value) })}
                data-testid="override-duration"
              />
            </>
          )}
        </OverrideDialog>
      )}
    </div>
  );
}
