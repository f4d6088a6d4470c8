/** Shows the control room only to a signed-in user (or in anonymous mode); otherwise the login page. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth-context';
import { LoginPage } from './login-page';

export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state, retry } = useAuth();
  switch (state.status) {
    case 'signed-in':
      return <>{children}</>;
    case 'signed-out':
      return <LoginPage expired={state.expired} />;
    case 'checking':
      return (
        <p className="workspace__message" role="status">
          {t('auth.checking')}
        </p>
      );
    case 'unreachable':
      return (
        <div className="workspace__message" role="alert">
          <p>{t('auth.unreachable', { message: state.message })}</p>
          <button type="button" className="button" onClick={retry}>
            {t('app.retry')}
          </button>
        </div>
      );
  }
}
