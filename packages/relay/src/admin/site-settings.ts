/**
 * Changing the site's settings from the console: stored, applied at once, and availability
 * re-announced. Requiring two-factor authentication ends the sessions of the human agents who
 * have not set it up (they sign in again and are led through the setup); the admin who turns it
 * on must have it already, so nobody locks the site out of its own console.
 */
import type { SiteSettings, SiteUpdate } from '@switchboard/protocol';
import type { AgentDirectory } from '../accounts/agents.js';
import type { TwoFactor } from '../accounts/two-factor.js';
import { isTimeZone } from '../business-hours.js';
import type { Assignment } from '../conversation/assignment.js';
import { RelayError } from '../errors.js';
import type { SiteStore } from '../site.js';

export class SiteSettingsCommands {
  constructor(
    private readonly sites: SiteStore,
    private readonly assignment: Assignment,
    private readonly twoFactor: TwoFactor,
    private readonly directory: AgentDirectory,
  ) {}

  async update(patch: SiteUpdate, adminId: string): Promise<SiteSettings> {
    if (patch.businessHours && !isTimeZone(patch.businessHours.timezone)) {
      throw new RelayError('INVALID_FRAME', `Invalid site settings: businessHours.timezone: "${patch.businessHours.timezone}" is not a time zone.`);
    }
    const enforcing = patch.requireTwoFactor === true && !this.sites.current.requireTwoFactor;
    if (enforcing && !(await this.twoFactor.enabled(adminId))) {
      throw new RelayError('CONFLICT', 'Set up two-factor authentication for yourself before requiring it of everyone.');
    }
    const view = await this.sites.update(patch);
    if (enforcing) await this.directory.endSessionsWithoutTwoFactor();
    // Opening hours or origins may have changed what visitors can do right now.
    await this.assignment.refresh();
    return view;
  }
}
