/** The header's user corner: who is signed in, with which role, and sign-out (nothing to sign out of when anonymous). */
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth-context';

export function UserMenu() {
  const { t } = useTranslation();
  const { state, logout } = useAuth();
  if (state.status !== 'signed-in') return null;
  const { name, role, authMode } = state.user;
  return (
    <div className="user-menu" data-testid="user-menu" data-role={role}>
      <span className="user-menu__who">
        <span className="user-menu__name" data-testid="user-name">
          {authMode === 'anonymous' ? t('auth.anonymous') : name}
        </span>
        <span className={`user-menu__role user-menu__role--${role}`} data-testid="user-role">
          {t(`auth.roles.${role}`)}
        </span>
      </span>
      {authMode !== 'anonymous' && (
        <button type="button" className="button button--ghost" onClick={logout}>
          {t('auth.logout')}
        </button>
      )}
    </div>
  );
}
