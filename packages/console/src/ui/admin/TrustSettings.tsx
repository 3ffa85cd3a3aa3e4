/**
 * Site settings for trust: require two-factor authentication of every agent, and ask visitors to
 * accept the privacy policy in the widget's pre-chat form. Its own form, saved on its own.
 */
import type { SiteSettings, SiteUpdate } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';

export function TrustSettings({ site, update }: { site: SiteSettings; update(body: SiteUpdate, what: string): Promise<void> }) {
  const [requireTwoFactor, setRequire] = useState(site.requireTwoFactor);
  const [consent, setConsent] = useState(site.consent);
  useEffect(() => {
    setRequire(site.requireTwoFactor);
    setConsent(site.consent);
  }, [site.requireTwoFactor, site.consent.enabled, site.consent.privacyUrl]);
  return (
    <form
      class="form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        void update({ requireTwoFactor, consent }, 'Security and privacy settings saved.');
      }}
    >
      <fieldset>
        <legend>Security and privacy</legend>
        <label class="toggle">
          <input type="checkbox" checked={requireTwoFactor} onChange={(e) => setRequire(e.currentTarget.checked)} aria-describedby="require-2fa-help" />
          Require two-factor authentication for every agent
        </label>
        <p class="hint" id="require-2fa-help">
          Turn it on for yourself first (My account). Agents without it are signed out and asked to set it up when they sign in again. Bots are exempt.
        </p>
        <label class="toggle mt">
          <input type="checkbox" checked={consent.enabled} onChange={(e) => setConsent({ ...consent, enabled: e.currentTarget.checked })} />
          Ask visitors to accept the privacy policy before they chat
        </label>
        <div class="form-grid">
          <label for="privacy-url">Privacy policy URL</label>
          <input
            id="privacy-url"
            type="url"
            placeholder="https://shop.example/privacy"
            required={consent.enabled}
            maxLength={2048}
            value={consent.privacyUrl}
            onInput={(e) => setConsent({ ...consent, privacyUrl: e.currentTarget.value })}
          />
        </div>
        <div class="buttons mt">
          <button type="submit">Save security and privacy</button>
        </div>
      </fieldset>
    </form>
  );
}
