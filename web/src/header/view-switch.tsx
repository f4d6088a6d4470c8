import { useTranslation } from 'react-i18next';

export const APP_VIEWS = ['map', 'alerts', 'indicators'] as const;
export type AppView = (typeof APP_VIEWS)[number];

interface Props {
  view: AppView;
  onChange: (view: AppView) => void;
}

/** The top-level views; a toolbar of pressed-state buttons (each view keeps its state while hidden). */
export function ViewSwitch({ view, onChange }: Props) {
  const { t } = useTranslation();
  return (
    <nav className="view-switch" aria-label={t('alerts.views.label')}>
      {APP_VIEWS.map((candidate) => (
        <button key={candidate} type="button" aria-pressed={view === candidate} data-testid={`view-${candidate}`} onClick={() => onChange(candidate)}>
          {t(`alerts.views.${candidate}`)}
        </button>
      ))}
    </nav>
  );
}
