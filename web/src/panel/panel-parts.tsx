/** Building blocks shared by the detail views. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Heading of a detail view; takes focus when the view opens so keyboard and screen-reader users land on it. */
export function DetailHeader({ kind, title, subtitle, onBack }: { kind: string; title: string; subtitle?: ReactNode; onBack: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus({ preventScroll: true }), []);
  return (
    <div className="detail-header">
      <button type="button" className="button button--ghost" onClick={onBack}>
        <span aria-hidden="true">← </span>
        {t('panel.back')}
      </button>
      <div className="detail-header__kind">{kind}</div>
      <h2 ref={headingRef} tabIndex={-1} data-testid="detail-title">
        {title}
      </h2>
      {subtitle && <div className="detail-header__subtitle">{subtitle}</div>}
    </div>
  );
}

export function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

export function StatusDot({ color }: { color: string }) {
  return <span className="status-dot" style={{ background: color }} aria-hidden="true" />;
}
