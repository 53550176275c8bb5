// Sign in with user name and password; errors appear in place, next to the form.
import { useMutation } from '@apollo/client/react';
import { type FormEvent, type RefObject, useId, useRef, useState } from 'react';
import { wasSignedOut } from '../domain/draftStore.ts';
import { errorSentence } from '../errorText.ts';
import type { UserFieldsFragment } from '../gql/graphql.ts';
import { readError } from '../gqlErrors.ts';
import { useI18n } from '../i18n.tsx';
import { LoginMutation } from '../operations.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export interface LoginScreenProps {
  onLoggedIn: (user: UserFieldsFragment, token: string) => void;
}
/** Why signing in failed: the failure itself, not its words (switching the language re-words it). */
type LoginFailure = { kind: 'credentials' } | { kind: 'rateLimited'; seconds: number } | { kind: 'other'; error: unknown };

function loginFailure(err: unknown): LoginFailure {
  const r = readError(err);
  return r.network
    ? { kind: 'other', error: err }
    : r.codes.includes('RATE_LIMITED')
      ? { kind: 'rateLimited', seconds: r.retryAfter ?? 60 }
      : r.codes.includes('UNAUTHENTICATED') || r.codes.includes('BAD_USER_INPUT')
        ? { kind: 'credentials' }
        : { kind: 'other', error: err };
}

export function LoginScreen({ onLoggedIn }: LoginScreenProps) {
  const { t } = useI18n();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<LoginFailure | null>(null);
  const error = !failure
    ? null
    : failure.kind === 'credentials'
      ? t.loginFailed
      : failure.kind === 'rateLimited'
        ? t.loginRateLimited(failure.seconds)
        : errorSentence(failure.error, t);
  const [signedOut] = useState(wasSignedOut);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [login, { loading }] = useMutation(LoginMutation);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = { username: !username.trim(), password: !password };
    setMissing(m);
    setFailure(null);
    if (m.username) return userRef.current?.focus();
    if (m.password) return passRef.current?.focus();
    try {
      const result = await login({ variables: { username: username.trim(), password } });
      const payload = result.data?.login;
      if (payload) onLoggedIn(payload.user, payload.token);
    } catch (err) {
      setFailure(loginFailure(err));
      passRef.current?.select();
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main id="main" className="login-card card">
        <div className="brand big" aria-hidden="true">
          <span className="brand-mark">▶</span> Dayreel
        </div>
        <p className="muted tagline">{t.tagline}</p>
        <h1>{t.loginTitle}</h1>
        {signedOut ? (
          <p className="notice" role="status" data-testid="signed-out">
            {t.signedOutNotice}
          </p>
        ) : (
          <p className="muted">{t.loginIntro}</p>
        )}
        <form onSubmit={submit} noValidate aria-describedby={error ? `${id}-error` : undefined}>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-user`}>
              {t.username}
            </label>
            <input
              ref={userRef}
              id={`${id}-user`}
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={missing.username || !!error || undefined}
              aria-describedby={missing.username ? `${id}-user-error` : undefined}
              autoFocus
            />
            {missing.username && (
              <p id={`${id}-user-error`} className="field-error">
                {t.fieldRequired}
              </p>
            )}
          </div>
          <PasswordField
            id={id}
            inputRef={passRef}
            value={password}
            onChange={setPassword}
            missing={!!missing.password}
            invalid={!!missing.password || !!error}
          />
          {error && (
            <p id={`${id}-error`} className="notice error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary large block" disabled={loading}>
            {loading ? t.signingIn : t.signIn}
          </button>
        </form>
      </main>
    </div>
  );
}

/** The password, with "show password" and its own "required" message. */
function PasswordField(props: {
  id: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (value: string) => void;
  missing: boolean;
  invalid: boolean;
}) {
  const { id, inputRef, value, onChange, missing, invalid } = props;
  const { t } = useI18n();
  const [showPassword, setShowPassword] = useState(false);
  return (
    <div className="field">
      <label className="field-label" htmlFor={`${id}-pass`}>
        {t.password}
      </label>
      <input
        ref={inputRef}
        id={`${id}-pass`}
        name="password"
        type={showPassword ? 'text' : 'password'}
        autoComplete="current-password"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={missing ? `${id}-pass-error` : undefined}
      />
      {missing && (
        <p id={`${id}-pass-error`} className="field-error">
          {t.fieldRequired}
        </p>
      )}
      <label className="checkbox-line">
        <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
        <span>{t.showPassword}</span>
      </label>
    </div>
  );
}
