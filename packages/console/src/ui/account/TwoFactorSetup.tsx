/**
 * Turning two-factor authentication on: the password again, then a QR code (and the key, for
 * typing), then a code from the app to confirm, then the recovery codes — shown once.
 */
import type { TwoFactorSetupResponse } from '@switchboard/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from '../../api.js';
import { Qr } from './Qr.js';

export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div class="card pad form-grid" role="region" aria-labelledby="codes-title">
      <h3 id="codes-title" tabIndex={-1} ref={heading}>
        Your recovery codes
      </h3>
      <p>Each works once, in place of a code from the app, if you lose your phone. Keep them somewhere safe: they are not shown again.</p>
      <ul class="codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div>
        <button type="button" class="primary" onClick={onDone}>
          I have saved them
        </button>
      </div>
    </div>
  );
}

export function TwoFactorSetup({ api, onEnabled, onCancel }: { api: Api; onEnabled(): void; onCancel?: () => void }) {
  const [password, setPassword] = useState('');
  const [setup, setSetup] = useState<TwoFactorSetupResponse | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const codeField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (setup) codeField.current?.focus();
  }, [setup]);

  async function start(e: Event) {
    e.preventDefault();
    try {
      setSetup(await api.twoFactorSetup(password));
      setPassword('');
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function confirm(e: Event) {
    e.preventDefault();
    try {
      setCodes((await api.twoFactorEnable(code.trim())).recoveryCodes);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
      setCode('');
    }
  }

  if (codes) return <RecoveryCodes codes={codes} onDone={onEnabled} />;
  const failed = error && (
    <p class="error" role="alert">
      {error}
    </p>
  );
  if (!setup) {
    return (
      <form class="form-grid" onSubmit={start} aria-label="Set up two-factor authentication">
        <p>You will need an authenticator app (Google Authenticator, 1Password, Aegis, …) on your phone.</p>
        <label for="tf-password">Your password</label>
        <input id="tf-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        {failed}
        <div class="buttons">
          <button type="submit" class="primary">
            Continue
          </button>
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
    );
  }
  return (
    <form class="form-grid" onSubmit={confirm} aria-label="Confirm two-factor authentication">
      <p>Scan this code with the app, or type the key into it.</p>
      <Qr text={setup.uri} label="QR code for the authenticator app" />
      <p>
        Key: <code class="secret">{setup.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <label for="tf-code">The 6-digit code the app shows</label>
      <input
        id="tf-code"
        ref={codeField}
        inputMode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        value={code}
        onInput={(e) => setCode(e.currentTarget.value)}
      />
      {failed}
      <div class="buttons">
        <button type="submit" class="primary">
          Turn on
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
