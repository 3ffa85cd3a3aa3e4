import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, ApiError } from '../api.js';
import { askNotificationPermission, unlockAudio } from '../alerts.js';
import type { Session } from '../session.js';
import { TwoFactorSetup } from './account/TwoFactorSetup.js';

/**
 * Sign-in: email and password; then, for an account with two-factor authentication, the app's
 * code (or a recovery code); or, when the site requires two-factor authentication and the account
 * has none yet, its setup before the console opens.
 */
export function Login({ notice, onLoggedIn }: { notice: string | null; onLoggedIn(s: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'code' | 'setup'>('password');
  const [pending, setPending] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (step === 'code') codeField.current?.focus();
  }, [step]);

  async function submit(e: Event) {
    e.preventDefault();
    // The submit click is a user gesture: the moment browsers allow sound and the permission prompt.
    unlockAudio();
    void askNotificationPermission();
    setBusy(true);
    setError(null);
    try {
      const res = await new Api(null).login({ email: email.trim(), password, ...(step === 'code' ? { code: code.trim() } : {}) });
      const session = { token: res.token, expiresAt: res.expiresAt };
      const factor = await new Api(session.token).twoFactor();
      if (factor.required && !factor.enabled) {
        setPending(session);
        setStep('setup');
        setBusy(false);
        return;
      }
      onLoggedIn(session);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TWO_FACTOR_REQUIRED') setStep('code');
      // The relay's words: "Wrong email or password.", "That code is not right", "try again in N s".
      else setError((err as Error).message);
      setCode('');
      setBusy(false);
    }
  }

  if (step === 'setup' && pending) {
    return (
      <main class="login" id="main">
        <section class="card login-card" aria-labelledby="setup-title">
          <h1 id="setup-title">Set up two-factor authentication</h1>
          <p>This site requires a code from an authenticator app each time you sign in.</p>
          <TwoFactorSetup api={new Api(pending.token)} onEnabled={() => onLoggedIn(pending)} />
        </section>
      </main>
    );
  }

  return (
    <main class="login" id="main">
      <form class="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Switchboard console</h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="login-email">Email</label>
        <input id="login-email" type="email" autocomplete="username" required readOnly={step === 'code'} value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="login-password">Password</label>
        <input id="login-password" type="password" autocomplete="current-password" required readOnly={step === 'code'} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {step === 'code' && (
          <>
            <label for="login-code">Code from your authenticator app (or a recovery code)</label>
            <input id="login-code" ref={codeField} autocomplete="one-time-code" required maxLength={32} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          </>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : step === 'code' ? 'Verify' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
