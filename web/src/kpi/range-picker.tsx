import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RANGE_PRESETS, type RangeChoice } from './kpi-range';

interface Props {
  choice: RangeChoice;
  onChange: (choice: RangeChoice) => void;
}

/** `datetime-local` wants local wall time without a zone. */
function toLocalInput(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function RangePicker({ choice, onChange }: Props) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - 3 * 3600_000));
  const [to, setTo] = useState(() => toLocalInput(Date.now()));
  const customValid = from !== '' && to !== '' && new Date(from).getTime() < new Date(to).getTime();
  return (
    <div className="range-picker" role="group" aria-label={t('kpi.range.label')}>
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset}
          type="button"
          aria-pressed={choice.kind === 'preset' && choice.preset === preset}
          data-testid={`range-${preset}`}
          onClick={() => onChange({ kind: 'preset', preset })}
        >
          {t(`kpi.range.${preset}`)}
        </button>
      ))}
      <label>
        {t('kpi.range.from')}
        <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('kpi.range.to')}
        <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button
        type="button"
        aria-pressed={choice.kind === 'custom'}
        disabled={!customValid}
        onClick={() => onChange({ kind: 'custom', fromMs: new Date(from).getTime(), toMs: new Date(to).getTime() })}
      >
        {t('kpi.range.apply')}
      </button>
    </div>
  );
}
