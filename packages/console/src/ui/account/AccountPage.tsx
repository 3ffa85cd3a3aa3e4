/**
 * My account: password, two-factor authentication, and where I am signed in (device, last seen)
 * with "sign out" for one session or every other one — their consoles close at once.
 */
import type { SessionView, TwoFactorStatus } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { parseUserAgent } from '../../useragent.js';
import { useConsole } from '../context.js';
import { RecoveryCodes, TwoFactorSetup } from './TwoFactorSetup.js';

const dateTime = (ts: number) => new Date(ts).toLocaleString();

function device(s: SessionView): string {
  const ua = parseUserAgent(s.userAgent);
  return ua ? `${ua.browser} on ${ua.os}` : s.userAgent ? s.userAgent.slice(0, 60) : 'Unknown device';
}

function Sessions({ onMessage }: { onMessage(ok: string | null, err: string | null): void }) {
  const { api } = useConsole();
  const [sessions, setSessions] = useState<SessionView[] | null>(null);
  const load = () =>
    api
      .sessions()
      .then((r) => setSessions(r.sessions))
      .catch((err: Error) => onMessage(null, err.message));
  useEffect(() => void load(), []);

  async function end(s: SessionView) {
    try {
      await api.endSession(s.id);
      onMessage(`Signed out ${device(s)}.`, null);
      await load();
    } catch (err) {
      onMessage(null, (err as Error).message);
    }
  }

  async function endOthers() {
    try {
      const { ended } = await api.endOtherSessions();
      onMessage(`Signed out of ${ended} other session${ended === 1 ? '' : 's'}.`, null);
      await load();
    } catch (err) {
      onMessage(null, (err as Error).message);
    }
  }

  if (!sessions) return <p class="muted">Loading…</p>;
  return (
    <>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span class="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  {device(s)}
                  {s.current && <span class="badge ok"> this one</span>}
                </th>
                <td>{s.ip ?? '—'}</td>
                <td>{dateTime(s.createdAt)}</td>
                <td>{dateTime(s.lastSeenAt)}</td>
                <td>
                  {!s.current && (
                    <button type="button" onClick={() => end(s)}>
                      Sign out<span class="sr-only"> {device(s)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" class="danger" disabled={sessions.length < 2} onClick={endOthers}>
        Sign out everywhere else
      </button>
    </>
  );
}

function PasswordForm({ onMessage }: { onMessage(ok: string | null, err: string | null): void }) {
  const { api } = useConsole();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  async function submit(e: Event) {
    e.preventDefault();
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      onMessage('Password changed; your other sessions were signed out.', null);
    } catch (err) {
      onMessage(null, (err as Error).message);
    }
  }
  return (
    <form class="form-grid" onSubmit={submit} aria-labelledby="pw-title">
      <h3 id="pw-title">Password</h3>
      <label for="pw-current">Current password</label>
      <input id="pw-current" type="password" autocomplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      <label for="pw-new">New password (at least 8 characters)</label>
      <input id="pw-new" type="password" autocomplete="new-password" minLength={8} required value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      <div>
        <button type="submit" class="primary">
          Change password
        </button>
      </div>
    </form>
  );
}

function TwoFactorPanel({ onMessage }: { onMessage(ok: string | null, err: string | null): void }) {
  const { api } = useConsole();
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [mode, setMode] = useState<'none' | 'setup' | 'disable' | 'codes'>('none');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const load = () =>
    api
      .twoFactor()
      .then(setStatus)
      .catch((err: Error) => onMessage(null, err.message));
  useEffect(() => void load(), []);

  async function act(e: Event) {
    e.preventDefault();
    try {
      if (mode === 'disable') {
        await api.twoFactorDisable(password, code.trim());
        onMessage('Two-factor authentication is off.', null);
      } else setCodes((await api.newRecoveryCodes(code.trim())).recoveryCodes);
      setMode('none');
      setPassword('');
      setCode('');
      await load();
    } catch (err) {
      onMessage(null, (err as Error).message);
    }
  }

  if (!status) return <p class="muted">Loading…</p>;
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  if (mode === 'setup')
    return (
      <TwoFactorSetup
        api={api}
        onCancel={() => setMode('none')}
        onEnabled={() => {
          setMode('none');
          onMessage('Two-factor authentication is on.', null);
          void load();
        }}
      />
    );
  return (
    <div class="form-grid">
      <p>
        {status.enabled ? (
          <>
            <span class="badge ok">On</span> Signing in asks for a code from your app. {status.recoveryCodesLeft} recovery codes left.
          </>
        ) : (
          <>Off. {status.required ? 'This site requires it: turn it on.' : 'Turn it on so a stolen password is not enough to sign in as you.'}</>
        )}
      </p>
      {!status.enabled && (
        <div>
          <button type="button" class="primary" onClick={() => setMode('setup')}>
            Turn on two-factor authentication
          </button>
        </div>
      )}
      {status.enabled && mode === 'none' && (
        <div class="buttons">
          <button type="button" onClick={() => setMode('codes')}>
            New recovery codes
          </button>
          {!status.required && (
            <button type="button" class="danger" onClick={() => setMode('disable')}>
              Turn off
            </button>
          )}
        </div>
      )}
      {(mode === 'disable' || mode === 'codes') && (
        <form class="form-grid" onSubmit={act} aria-label={mode === 'disable' ? 'Turn off two-factor authentication' : 'New recovery codes'}>
          {mode === 'disable' && (
            <>
              <label for="tf-off-password">Your password</label>
              <input id="tf-off-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            </>
          )}
          <label for="tf-off-code">A code from the app</label>
          <input id="tf-off-code" inputMode="numeric" autocomplete="one-time-code" maxLength={6} required value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <div class="buttons">
            <button type="submit" class="primary">
              {mode === 'disable' ? 'Turn off' : 'Make new codes'}
            </button>
            <button type="button" onClick={() => setMode('none')}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export function AccountPage() {
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onMessage = (ok: string | null, err: string | null) => {
    setSaved(ok);
    setError(err);
  };
  return (
    <section class="page" aria-labelledby="account-title">
      <div class="page-head">
        <div>
          <h2 id="account-title">My account</h2>
          <p class="hint">Your password, two-factor authentication and where you are signed in.</p>
        </div>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="saved" role="status">
        {saved}
      </p>
      <div class="card pad">
        <PasswordForm onMessage={onMessage} />
      </div>
      <div class="card pad mt" role="region" aria-labelledby="tf-title">
        <h3 id="tf-title">Two-factor authentication</h3>
        <TwoFactorPanel onMessage={onMessage} />
      </div>
      <div class="card pad mt" role="region" aria-labelledby="sessions-title">
        <h3 id="sessions-title">Where you are signed in</h3>
        <Sessions onMessage={onMessage} />
      </div>
    </section>
  );
}
