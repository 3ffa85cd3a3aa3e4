import { useState } from 'preact/hooks';
import { Api, ApiError } from '../api.js';
import { askNotificationPermission, unlockAudio } from '../alerts.js';
import type { Session } from '../session.js';

export function Login({ notice, onLoggedIn }: { notice: string | null; onLoggedIn(s: Session): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    // The submit click is a user gesture: the moment browsers allow sound and the permission prompt.
    unlockAudio();
    void askNotificationPermission();
    setBusy(true);
    setError(null);
    try {
      const res = await new Api(null).login({ email: email.trim(), password });
      onLoggedIn({ token: res.token, expiresAt: res.expiresAt });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : (err as Error).message);
      setBusy(false);
    }
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
        <input id="login-email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="login-password">Password</label>
        <input id="login-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
