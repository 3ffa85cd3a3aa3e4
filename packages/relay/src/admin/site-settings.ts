/** Changing the site's settings from the console: stored, applied at once, and availability re-announced. */
import type { SiteSettings, SiteUpdate } from '@switchboard/protocol';
import { isTimeZone } from '../business-hours.js';
import type { Assignment } from '../conversation/assignment.js';
import { RelayError } from '../errors.js';
import type { SiteStore } from '../site.js';

export class SiteSettingsCommands {
  constructor(
    private readonly sites: SiteStore,
    private readonly assignment: Assignment,
  ) {}

  async update(patch: SiteUpdate): Promise<SiteSettings> {
    if (patch.businessHours && !isTimeZone(patch.businessHours.timezone)) {
      throw new RelayError('INVALID_FRAME', `Invalid site settings: businessHours.timezone: "${patch.businessHours.timezone}" is not a time zone.`);
    }
    const view = await this.sites.update(patch);
    // Opening hours or origins may have changed what visitors can do right now.
    await this.assignment.refresh();
    return view;
  }
}
