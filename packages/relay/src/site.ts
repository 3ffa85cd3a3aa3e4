/**
 * The site's settings: start-up config as defaults, with what admins change in the console
 * stored in the database (so they survive restarts and apply without one).
 */
import type { BusinessHours, ConsentSettings, SiteSettings, WidgetTheme } from '@switchboard/protocol';
import type { Config } from './config.js';
import { isOriginPattern, originMatcher } from './auth/origins.js';
import { isOpen } from './business-hours.js';
import { RelayError } from './errors.js';
import type { SettingStore } from './storage/types.js';

export interface Site {
  id: string;
  name: string;
  welcomeMessage: string | null;
  identitySecret: string | null;
  allowedOrigins: string[];
  theme: WidgetTheme;
  businessHours: BusinessHours;
  requireTwoFactor: boolean;
  consent: ConsentSettings;
}

interface Stored {
  name?: string;
  welcomeMessage?: string;
  allowedOrigins?: string[];
  identitySecret?: string | null;
  theme?: WidgetTheme;
  businessHours?: BusinessHours;
  requireTwoFactor?: boolean;
  consent?: ConsentSettings;
}

const KEY = 'site:default';
const ALWAYS_OPEN: BusinessHours = { enabled: false, timezone: 'UTC', days: {} };
const NO_CONSENT: ConsentSettings = { enabled: false, privacyUrl: '' };

export class SiteStore {
  private site: Site;
  private stored: Stored;
  private allowed: (origin: string | undefined) => boolean;

  private constructor(
    private readonly settings: SettingStore,
    private readonly config: Config,
    stored: Stored,
  ) {
    this.stored = stored;
    this.site = this.compose(stored);
    this.allowed = originMatcher(this.site.allowedOrigins);
  }

  static async load(settings: SettingStore, config: Config): Promise<SiteStore> {
    const raw = await settings.get(KEY);
    return new SiteStore(settings, config, raw ? (JSON.parse(raw) as Stored) : {});
  }

  private compose(stored: Stored): Site {
    const c = this.config;
    return {
      id: 'default',
      name: stored.name ?? c.siteName,
      welcomeMessage: (stored.welcomeMessage ?? c.welcomeMessage) || null,
      identitySecret: stored.identitySecret === undefined ? (c.identitySecret ?? null) : stored.identitySecret,
      // The environment's origins always apply; the console adds more.
      allowedOrigins: [...new Set([...c.allowedOrigins, ...(stored.allowedOrigins ?? [])])],
      theme: stored.theme ?? {},
      businessHours: stored.businessHours ?? ALWAYS_OPEN,
      requireTwoFactor: stored.requireTwoFactor ?? false,
      consent: stored.consent ?? NO_CONSENT,
    };
  }

  /** Reads the settings again: another relay may have changed them (every relay does this each minute). */
  async reload(): Promise<void> {
    const raw = await this.settings.get(KEY);
    this.stored = raw ? (JSON.parse(raw) as Stored) : {};
    this.site = this.compose(this.stored);
    this.allowed = originMatcher(this.site.allowedOrigins);
  }

  get current(): Site {
    return this.site;
  }

  originAllowed(origin: string | undefined): boolean {
    return this.allowed(origin);
  }

  open(at: number = Date.now()): boolean {
    return isOpen(this.site.businessHours, at);
  }

  view(): SiteSettings {
    const site = this.site;
    return {
      id: site.id,
      name: site.name,
      welcomeMessage: site.welcomeMessage ?? '',
      allowedOrigins: this.stored.allowedOrigins ?? [],
      environmentOrigins: this.config.allowedOrigins,
      identityVerification: site.identitySecret !== null,
      theme: site.theme,
      businessHours: site.businessHours,
      requireTwoFactor: site.requireTwoFactor,
      consent: site.consent,
    };
  }

  async update(patch: Stored): Promise<SiteSettings> {
    if (patch.consent?.enabled && !patch.consent.privacyUrl) throw new RelayError('INVALID_FRAME', 'Invalid site settings: consent.privacyUrl: a consent checkbox needs the privacy policy it links to.');
    for (const origin of patch.allowedOrigins ?? []) {
      if (!isOriginPattern(origin)) throw new RelayError('INVALID_FRAME', `"${origin}" is not an origin pattern (scheme://host[:port]).`);
    }
    const raw = await this.settings.get(KEY);
    const stored: Stored = { ...(raw ? (JSON.parse(raw) as Stored) : {}), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await this.settings.set(KEY, JSON.stringify(stored));
    this.stored = stored;
    this.site = this.compose(stored);
    this.allowed = originMatcher(this.site.allowedOrigins);
    return this.view();
  }
}
