/**
 * Confirmation of an override: what will happen, the action's own fields, a required reason, then Confirm. A modal
 * dialog: focus moves into it, Tab stays inside, Escape cancels (without closing the panel behind it).
 */
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  summary: string;
  reason: string;
  onReason: (reason: string) => void;
  problems: readonly string[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function OverrideDialog({ title, summary, reason, onReason, problems, busy, onConfirm, onCancel, children }: Props) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const reasonId = useId();
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    box.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => previous?.focus();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !box.current) return;
    const focusable = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  return (
    <div className="modal-backdrop">
      <div ref={box} className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown} data-testid="override-dialog">
        <h2 id={titleId}>{title}</h2>
        <p className="modal__summary">{summary}</p>
        {children}
        <label htmlFor={reasonId} className="modal__label">
          {t('overrides.reason')}
        </label>
        <textarea
          id={reasonId}
          value={reason}
          maxLength={256}
          required
          rows={2}
          onChange={(e) => onReason(e.target.value)}
          placeholder={t('overrides.reasonPlaceholder')}
          data-testid="override-reason"
        />
        {problems.length > 0 && (
          <ul className="modal__problems" role="alert" data-testid="override-problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('overrides.cancel')}
          </button>
          <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy || problems.length > 0} data-testid="override-confirm">
            {busy ? t('overrides.sending') : t('overrides.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
