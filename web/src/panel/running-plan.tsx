/** The plan the controller runs: where it came from, its strategy and the engine's explanation of its choice. */
import type { PhaseInput } from '@arterial/contracts/api/v1';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n/format';
import type { PlanTimingView } from '../timing/cycle-timeline';
import { Field } from './panel-parts';

const INPUT_COLUMNS = ['flowVph', 'saturationFlowVph', 'flowRatio', 'degreeOfSaturation', 'queueVeh', 'pressure'] as const satisfies readonly (keyof PhaseInput)[];
const DIGITS: Record<(typeof INPUT_COLUMNS)[number], number> = { flowVph: 0, saturationFlowVph: 0, flowRatio: 2, degreeOfSaturation: 2, queueVeh: 1, pressure: 0 };

export function RunningPlan({ timing }: { timing: PlanTimingView | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!timing) return <p className="hint">{t('panel.plan.unknown')}</p>;
  const explanation = timing.dispatched?.explanation;
  const origin = timing.dispatched?.origin;
  const strategy = explanation?.strategy ?? (timing.source === 'time-of-day' ? 'time-of-day' : null);
  const none = t('units.none');
  return (
    <div data-testid="running-plan">
      <dl className="fields">
        <Field label={t('panel.plan.id')} testId="running-plan-id">
          <span className="mono">{timing.planId}</span>
        </Field>
        <Field label={t('panel.plan.source')}>{origin ? t(`panel.plan.sources.${origin.source}`) : t(`panel.plan.sources.${timing.source}`)}</Field>
        <Field label={t('panel.plan.strategy')} testId="running-plan-strategy">
          {strategy ? t(`panel.plan.strategies.${strategy}`) : none}
        </Field>
        {origin && (
          <Field label={t('panel.plan.actor')}>
            <span translate="no">{origin.actor}</span>
          </Field>
        )}
        <Field label={t('panel.plan.timing')}>
          {t('panel.plan.timingValue', { cycle: formatNumber(timing.cycleS, lang), offset: formatNumber(timing.offsetS, lang, timing.offsetS % 1 === 0 ? 0 : 1) })}
        </Field>
      </dl>
      {explanation ? (
        <div className="explanation" data-testid="plan-explanation">
          <p className="explanation__reason" data-testid="plan-summary">
            {t('panel.plan.summary', {
              strategy: t(`panel.plan.strategies.${explanation.strategy}`),
              cycle: formatNumber(explanation.chosen.cycleS, lang),
              phases: explanation.chosen.splits.length,
            })}
          </p>
          {/* The engine's own words stay as they were logged (English): an engineer's record, not UI text. */}
          <details className="explanation__note">
            <summary>{t('panel.plan.engineNote')}</summary>
            <p translate="no" lang="en">
              {explanation.reason}
            </p>
          </details>
          <table className="data-table">
            <caption className="sr-only">{t('panel.plan.inputsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panel.plan.phase')}</th>
                <th scope="col">{t('panel.plan.green')}</th>
                {INPUT_COLUMNS.map((c) => (
                  <th key={c} scope="col">
                    {t(`panel.plan.inputs.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {explanation.chosen.splits.map((split) => {
                const input = explanation.inputs.phases.find((p) => p.phase === split.phase);
                return (
                  <tr key={split.phase}>
                    <th scope="row">{t('timing.phaseShort', { phase: split.phase })}</th>
                    <td>{formatNumber(split.greenS, lang, split.greenS % 1 === 0 ? 0 : 1)}</td>
                    {INPUT_COLUMNS.map((c) => {
                      const value = input?.[c];
                      return <td key={c}>{value === null || value === undefined ? none : formatNumber(value, lang, DIGITS[c])}</td>;
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="hint">
            {t('panel.plan.detectors', { used: formatNumber(explanation.inputs.detectorsUsed, lang), faulty: formatNumber(explanation.inputs.detectorsFaulty, lang) })}
          </p>
        </div>
      ) : (
        <p className="hint">{t('panel.plan.noExplanation')}</p>
      )}
    </div>
  );
}
