/**
 * The relay's REST API, same-origin (`/api/*`). Every call carries the session token; a 401
 * anywhere means the session is gone, which `onUnauthorized` turns into the login screen.
 */
import type {
  AuditListResponse,
  AuditQuery,
  ErasureResponse,
  PasswordChangeRequest,
  RecoveryCodesResponse,
  SessionListResponse,
  SessionsEndedResponse,
  TwoFactorSetupResponse,
  TwoFactorStatus,
  VisitorExport,
  AgentListResponse,
  AgentResponse,
  CannedInput,
  CannedItemResponse,
  CannedListResponse,
  ConversationListQuery,
  ConversationListResponse,
  ConversationResponse,
  CreateAgentRequest,
  ErrorBody,
  HistoryQuery,
  HistoryResponse,
  KbEntriesResponse,
  KbEntry,
  KbEntryResponse,
  KbMatchCandidate,
  KbMatchResponse,
  KbReloadQuery,
  KbReloadResponse,
  LoginRequest,
  LoginResponse,
  Message,
  ReportsQuery,
  ReportsResponse,
  SiteSettings,
  SiteUpdate,
  TicketListResponse,
  TicketResponse,
  TicketUpdate,
  UpdateAgentRequest,
} from '@switchboard/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** With RATE_LIMITED: seconds until a retry can succeed. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

export function queryString(params: object): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export class Api {
  constructor(
    private readonly token: string | null,
    private readonly onUnauthorized: () => void = () => {},
    private readonly base = '',
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        throw new ApiError(res.status, 'BAD_JSON', `The relay answered ${res.status} with a body that is not JSON.`);
      }
    }
    if (!res.ok) {
      // A proxy in front of the relay may answer with another shape: read the fields defensively.
      const err = (data as Partial<ErrorBody> | null)?.error;
      if (res.status === 401 && this.token) this.onUnauthorized();
      throw new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? `The relay answered ${res.status}.`, err?.retryAfterS);
    }
    return data as T;
  }

  login(body: LoginRequest) {
    return this.request<LoginResponse>('POST', '/api/login', body);
  }
  logout() {
    return this.request<void>('POST', '/api/logout');
  }
  me() {
    return this.request<AgentResponse>('GET', '/api/me');
  }

  agents() {
    return this.request<AgentListResponse>('GET', '/api/agents');
  }
  createAgent(body: CreateAgentRequest) {
    return this.request<AgentResponse>('POST', '/api/agents', body);
  }
  updateAgent(id: string, body: UpdateAgentRequest) {
    return this.request<AgentResponse>('PATCH', `/api/agents/${encodeURIComponent(id)}`, body);
  }

  conversations(q: ConversationListQuery) {
    return this.request<ConversationListResponse>('GET', `/api/conversations${queryString(q)}`);
  }
  conversation(id: string) {
    return this.request<ConversationResponse>('GET', `/api/conversations/${encodeURIComponent(id)}`);
  }
  /** The whole log, page by page. */
  async history(id: string, afterSeq = 0): Promise<Message[]> {
    const all: Message[] = [];
    let after: number | null = afterSeq;
    while (after !== null) {
      const query: HistoryQuery = { afterSeq: after, limit: 500 };
      const page = await this.request<HistoryResponse>('GET', `/api/conversations/${encodeURIComponent(id)}/messages${queryString(query)}`);
      all.push(...page.messages);
      after = page.nextAfterSeq;
    }
    return all;
  }

  tickets(status?: TicketUpdate['status']) {
    return this.request<TicketListResponse>('GET', `/api/tickets${queryString({ status })}`);
  }
  updateTicket(id: string, status: TicketUpdate['status']) {
    return this.request<TicketResponse>('PATCH', `/api/tickets/${encodeURIComponent(id)}`, { status } satisfies TicketUpdate);
  }

  canned() {
    return this.request<CannedListResponse>('GET', '/api/canned');
  }
  createCanned(body: CannedInput) {
    return this.request<CannedItemResponse>('POST', '/api/canned', body);
  }
  updateCanned(id: string, body: Partial<CannedInput>) {
    return this.request<CannedItemResponse>('PATCH', `/api/canned/${encodeURIComponent(id)}`, body);
  }
  deleteCanned(id: string) {
    return this.request<void>('DELETE', `/api/canned/${encodeURIComponent(id)}`);
  }

  kbEntries() {
    return this.request<KbEntriesResponse>('GET', '/api/kb/entries');
  }
  putKbEntry(entry: KbEntry) {
    return this.request<KbEntryResponse>('PUT', `/api/kb/entries/${encodeURIComponent(entry.id)}`, entry);
  }
  deleteKbEntry(id: string) {
    return this.request<void>('DELETE', `/api/kb/entries/${encodeURIComponent(id)}`);
  }
  /** The whole knowledge base as a JSON file, as a Blob: a plain link could not carry the bearer token. */
  kbExport(): Promise<Blob> {
    return this.download('/api/kb/export', 'The knowledge-base export');
  }
  /** Back to the file at KB_PATH; console edits are dropped. */
  kbReset() {
    return this.request<KbReloadResponse>('POST', `/api/kb/reload${queryString({ discardEdits: 'true' } satisfies KbReloadQuery)}`);
  }
  kbMatch(q: string): Promise<KbMatchCandidate[]> {
    return this.request<KbMatchResponse>('GET', `/api/kb/match${queryString({ q })}`).then((r) => r.candidates);
  }

  site() {
    return this.request<SiteSettings>('GET', '/api/site');
  }
  updateSite(body: SiteUpdate) {
    return this.request<SiteSettings>('PATCH', '/api/site', body);
  }

  reports(query: ReportsQuery) {
    return this.request<ReportsResponse>('GET', `/api/reports${queryString(query)}`);
  }
  /** The CSV export as a Blob: a plain link could not carry the bearer token. */
  reportsCsv(query: ReportsQuery): Promise<Blob> {
    return this.download(`/api/reports.csv${queryString(query)}`, 'The CSV export');
  }

  /** A file download as a Blob (CSV and JSON exports); `what` names it in the error. */
  private async download(path: string, what: string): Promise<Blob> {
    const res = await fetch(`${this.base}${path}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (res.status === 401 && this.token) this.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, 'HTTP_' + res.status, `${what} failed (${res.status}).`);
    return res.blob();
  }

  sessions() {
    return this.request<SessionListResponse>('GET', '/api/me/sessions');
  }
  endSession(id: string) {
    return this.request<void>('DELETE', `/api/me/sessions/${encodeURIComponent(id)}`);
  }
  /** Every session but this one. */
  endOtherSessions() {
    return this.request<SessionsEndedResponse>('DELETE', '/api/me/sessions');
  }
  changePassword(body: PasswordChangeRequest) {
    return this.request<void>('POST', '/api/me/password', body);
  }
  twoFactor() {
    return this.request<TwoFactorStatus>('GET', '/api/me/two-factor');
  }
  twoFactorSetup(password: string) {
    return this.request<TwoFactorSetupResponse>('POST', '/api/me/two-factor/setup', { password });
  }
  twoFactorEnable(code: string) {
    return this.request<RecoveryCodesResponse>('POST', '/api/me/two-factor/enable', { code });
  }
  newRecoveryCodes(code: string) {
    return this.request<RecoveryCodesResponse>('POST', '/api/me/two-factor/recovery-codes', { code });
  }
  twoFactorDisable(password: string, code: string) {
    return this.request<void>('POST', '/api/me/two-factor/disable', { password, code });
  }

  exportVisitor(id: string) {
    return this.request<VisitorExport>('GET', `/api/visitors/${encodeURIComponent(id)}/export`);
  }
  eraseVisitor(id: string) {
    return this.request<ErasureResponse>('POST', `/api/visitors/${encodeURIComponent(id)}/erase`, {});
  }

  audit(query: AuditQuery) {
    return this.request<AuditListResponse>('GET', `/api/audit${queryString(query)}`);
  }
  auditCsv(query: Omit<AuditQuery, 'before' | 'limit'>): Promise<Blob> {
    return this.download(`/api/audit.csv${queryString(query)}`, 'The audit log export');
  }
}

