/** The sign-in form, shown instead of the control room while nobody is signed in. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../header/language-switch';
import { useAuth } from './auth-context';

export function LoginPage({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  const { login } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userId = useId();
  const passwordId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    void login(username.trim(), password).then((outcome) => {
      setBusy(false);
      if (outcome.ok) return;
      setPassword('');
      if (outcome.reason === 'invalid') setError(t('auth.invalid'));
      else if (outcome.reason === 'rate-limited')
        setError(outcome.retryAfterS === null ? t('auth.rateLimited') : t('auth.rateLimitedFor', { seconds: outcome.retryAfterS }));
      else setError(t('auth.unavailable'));
    });
  };

  return (
    <main className="login" data-testid="login-page">
      <form className="login__card" onSubmit={submit} aria-labelledby={`${userId}-title`}>
        <div className="login__brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.brand')}</span>
        </div>
        <h1 id={`${userId}-title`}>{t('auth.title')}</h1>
        {expired && (
          <p className="notice notice--warn" role="status">
            {t('auth.expired')}
          </p>
        )}
        <label htmlFor={userId}>{t('auth.username')}</label>
        <input id={userId} name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor={passwordId}>{t('auth.password')}</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="notice notice--alarm" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
