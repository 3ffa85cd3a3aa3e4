/** Which component shows each page beside the inbox (the list of pages is in route.ts). */
import type { FunctionComponent } from 'preact';
import type { AdminPage } from '../route.js';
import { AccountPage } from './account/AccountPage.js';
import { AgentsPage } from './admin/AgentsPage.js';
import { AuditPage } from './admin/AuditPage.js';
import { CannedPage } from './admin/CannedPage.js';
import { KbPage } from './admin/KbPage.js';
import { ReportsPage } from './admin/ReportsPage.js';
import { SitePage } from './admin/SitePage.js';

export const PAGE_COMPONENTS: Record<AdminPage, FunctionComponent> = {
  canned: CannedPage,
  account: AccountPage,
  agents: AgentsPage,
  site: SitePage,
  kb: KbPage,
  reports: ReportsPage,
  audit: AuditPage,
};
