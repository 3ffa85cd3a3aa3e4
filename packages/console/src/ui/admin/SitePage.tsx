/** Admin: site settings — origins, identity secret, widget look and texts, business hours. */
import type { BusinessHours, SiteSettings, SiteUpdate } from '@switchboard/protocol';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useConsole } from '../context.js';
import { TrustSettings } from './TrustSettings.js';

type Day = keyof BusinessHours['days'];
const DAYS: [Day, string][] = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

function HoursEditor({ value, onChange }: { value: BusinessHours; onChange(v: BusinessHours): void }) {
  const setDay = (day: Day, intervals: { open: string; close: string }[]) => onChange({ ...value, days: { ...value.days, [day]: intervals } });
  return (
    <fieldset>
      <legend>Business hours</legend>
      <label class="toggle">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.currentTarget.checked })} />
        Only offer live chat during business hours (outside them the widget shows the offline form)
      </label>
      <div class="form-grid mt">
        <label for="bh-tz">Time zone</label>
        <input id="bh-tz" list="bh-tz-list" value={value.timezone} onInput={(e) => onChange({ ...value, timezone: e.currentTarget.value })} required />
        <datalist id="bh-tz-list">
          {((Intl as unknown as { supportedValuesOf?(k: string): string[] }).supportedValuesOf?.('timeZone') ?? []).map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
      <div class="days mt">
        {DAYS.map(([day, label]) => {
          const list = value.days[day] ?? [];
          return (
            <Fragment key={day}>
              <span id={`bh-${day}`}>
                {label.slice(0, 3)}
              </span>
              <div class="interval" role="group" aria-labelledby={`bh-${day}`}>
                {list.length === 0 && <span class="muted">Closed</span>}
                {list.map((iv, i) => (
                  <span key={i} class="interval">
                    <input
                      type="time"
                      aria-label={`${label} interval ${i + 1} opens`}
                      value={iv.open}
                      onInput={(e) => setDay(day, list.map((x, j) => (j === i ? { ...x, open: e.currentTarget.value } : x)))}
                    />
                    –
                    <input
                      type="time"
                      aria-label={`${label} interval ${i + 1} closes`}
                      value={iv.close}
                      onInput={(e) => setDay(day, list.map((x, j) => (j === i ? { ...x, close: e.currentTarget.value } : x)))}
                    />
                    <button type="button" aria-label={`Remove ${label} interval ${i + 1}`} onClick={() => setDay(day, list.filter((_, j) => j !== i))}>
                      ✕
                    </button>
                  </span>
                ))}
                {list.length < 4 && (
                  <button type="button" class="link" onClick={() => setDay(day, [...list, { open: '09:00', close: '17:00' }])}>
                    Add hours<span class="sr-only"> on {label}</span>
                  </button>
                )}
              </div>
            </Fragment>
          );
        })}
      </div>
    </fieldset>
  );
}

export function SitePage() {
  const { api } = useConsole();
  const [site, setSite] = useState<SiteSettings | null>(null);
  const [origins, setOrigins] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function loaded(s: SiteSettings) {
    setSite(s);
    setOrigins(s.allowedOrigins.join('\n'));
  }
  useEffect(() => {
    api
      .site()
      .then(loaded)
      .catch((err: Error) => setError(err.message));
  }, []);

  async function update(body: SiteUpdate, what: string) {
    try {
      loaded(await api.updateSite(body));
      setSaved(what);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  if (!site)
    return (
      <section class="page" aria-label="Site settings">
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : (
          <p class="empty">Loading…</p>
        )}
      </section>
    );

  const save = (e: Event) => {
    e.preventDefault();
    void update(
      {
        name: site.name,
        welcomeMessage: site.welcomeMessage,
        allowedOrigins: origins.split('\n').map((o) => o.trim()).filter(Boolean),
        theme: site.theme,
        businessHours: site.businessHours,
      },
      'Settings saved.',
    );
  };
  return (
    <section class="page" aria-labelledby="site-title">
      <div class="page-head">
        <h2 id="site-title">Site settings</h2>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="saved" role="status">
        {saved}
      </p>
      <form class="form-grid" onSubmit={save}>
        <fieldset>
          <legend>Site</legend>
          <div class="form-grid">
            <label for="site-name">Name</label>
            <input id="site-name" required maxLength={120} value={site.name} onInput={(e) => setSite({ ...site, name: e.currentTarget.value })} />
            <label for="site-welcome">Welcome message</label>
            <textarea id="site-welcome" rows={2} maxLength={1000} value={site.welcomeMessage} onInput={(e) => setSite({ ...site, welcomeMessage: e.currentTarget.value })} />
            <label for="site-origins">Allowed origins (one per line, e.g. https://shop.example)</label>
            <textarea id="site-origins" rows={3} value={origins} aria-describedby="site-origins-env" onInput={(e) => setOrigins(e.currentTarget.value)} />
          </div>
          <p class="hint" id="site-origins-env">
            Always allowed (ALLOWED_ORIGINS on the relay): {site.environmentOrigins.length ? site.environmentOrigins.join(', ') : 'none'}.
          </p>
        </fieldset>
        <fieldset>
          <legend>Widget</legend>
          <div class="row2">
            <div class="form-grid">
              <label for="theme-color">Colour</label>
              <input
                id="theme-color"
                type="color"
                value={site.theme.primaryColor ?? '#0b57a4'}
                onInput={(e) => setSite({ ...site, theme: { ...site.theme, primaryColor: e.currentTarget.value } })}
              />
            </div>
            <div class="form-grid">
              <label for="theme-position">Position</label>
              <select
                id="theme-position"
                value={site.theme.position ?? 'right'}
                onChange={(e) => setSite({ ...site, theme: { ...site.theme, position: e.currentTarget.value as 'left' | 'right' } })}
              >
                <option value="right">Bottom right</option>
                <option value="left">Bottom left</option>
              </select>
            </div>
          </div>
          <div class="form-grid">
            <label for="theme-label">Launcher label</label>
            <input
              id="theme-label"
              maxLength={40}
              value={site.theme.launcherLabel ?? ''}
              onInput={(e) => setSite({ ...site, theme: { ...site.theme, launcherLabel: e.currentTarget.value } })}
            />
          </div>
        </fieldset>
        <HoursEditor value={site.businessHours} onChange={(businessHours) => setSite({ ...site, businessHours })} />
        <div>
          <button type="submit" class="primary">
            Save settings
          </button>
        </div>
      </form>
      <form
        class="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void update({ identitySecret: secret }, 'Identity secret saved.').then(() => setSecret(''));
        }}
      >
        <fieldset>
          <legend>Identity verification</legend>
          <p>
            {site.identityVerification ? 'On: visitors with a valid signature are shown as verified.' : 'Off: no secret is set.'} The secret is write-only; your server signs each user
            id with it (HMAC-SHA256).
          </p>
          <div class="form-grid">
            <label for="site-secret">New secret (16 characters or more)</label>
            <input id="site-secret" type="password" autocomplete="off" minLength={16} maxLength={256} required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
          </div>
          <div class="buttons mt">
            <button type="submit">Set secret</button>
            {site.identityVerification && (
              <button type="button" class="danger" onClick={() => update({ identitySecret: null }, 'Identity secret removed.')}>
                Remove secret
              </button>
            )}
          </div>
        </fieldset>
      </form>
      <TrustSettings site={site} update={update} />
    </section>
  );
}
