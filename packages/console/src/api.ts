/**
 * The relay's REST API, same-origin (`/api/*`). Every call carries the session token; a 401
 * anywhere means the session is gone, which `onUnauthorized` turns into the login screen.
 */
import type {
  AgentView,
  BusinessHours,
  CannedResponse,
  ConversationSummary,
  KbEntry,
  Message,
  OfflineTicket,
  ReportsResponse,
  SiteSettings,
  WidgetTheme,
} from '@switchboard/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LoginResult {
  token: string;
  expiresAt: number;
  agent: AgentView;
}

export interface MatchCandidate {
  entryId: string;
  confidence: number;
  question: string;
}

export interface SiteUpdate {
  name?: string;
  welcomeMessage?: string;
  allowedOrigins?: string[];
  theme?: WidgetTheme;
  businessHours?: BusinessHours;
  identitySecret?: string | null;
}

export interface ConversationQuery {
  state?: 'bot' | 'queued' | 'assigned' | 'closed' | 'open';
  q?: string;
  visitorId?: string;
  limit?: number;
  before?: number;
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
      const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
      if (res.status === 401 && this.token) this.onUnauthorized();
      throw new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? `The relay answered ${res.status}.`);
    }
    return data as T;
  }

  login(email: string, password: string) {
    return this.request<LoginResult>('POST', '/api/login', { email, password });
  }
  logout() {
    return this.request<void>('POST', '/api/logout');
  }
  me() {
    return this.request<{ agent: AgentView }>('GET', '/api/me');
  }

  agents() {
    return this.request<{ agents: AgentView[] }>('GET', '/api/agents');
  }
  createAgent(body: { email: string; name: string; password: string; role: 'admin' | 'agent'; maxChats: number }) {
    return this.request<{ agent: AgentView }>('POST', '/api/agents', body);
  }
  updateAgent(id: string, body: Partial<{ name: string; role: 'admin' | 'agent' | 'bot'; maxChats: number; active: boolean; password: string }>) {
    return this.request<{ agent: AgentView }>('PATCH', `/api/agents/${encodeURIComponent(id)}`, body);
  }

  conversations(q: ConversationQuery) {
    return this.request<{ conversations: ConversationSummary[] }>('GET', `/api/conversations${queryString(q)}`);
  }
  conversation(id: string) {
    return this.request<{ conversation: ConversationSummary }>('GET', `/api/conversations/${encodeURIComponent(id)}`);
  }
  /** The whole log, page by page. */
  async history(id: string, afterSeq = 0): Promise<Message[]> {
    const all: Message[] = [];
    let after: number | null = afterSeq;
    while (after !== null) {
      const page: { messages: Message[]; nextAfterSeq: number | null } = await this.request('GET', `/api/conversations/${encodeURIComponent(id)}/messages${queryString({ afterSeq: after, limit: 500 })}`);
      all.push(...page.messages);
      after = page.nextAfterSeq;
    }
    return all;
  }

  tickets(status?: 'open' | 'done') {
    return this.request<{ tickets: OfflineTicket[] }>('GET', `/api/tickets${queryString({ status })}`);
  }
  updateTicket(id: string, status: 'open' | 'done') {
    return this.request<{ ticket: OfflineTicket }>('PATCH', `/api/tickets/${encodeURIComponent(id)}`, { status });
  }

  canned() {
    return this.request<{ canned: CannedResponse[] }>('GET', '/api/canned');
  }
  createCanned(body: { shortcut: string; title?: string; text: string }) {
    return this.request<{ canned: CannedResponse }>('POST', '/api/canned', body);
  }
  updateCanned(id: string, body: { shortcut?: string; title?: string; text?: string }) {
    return this.request<{ canned: CannedResponse }>('PATCH', `/api/canned/${encodeURIComponent(id)}`, body);
  }
  deleteCanned(id: string) {
    return this.request<void>('DELETE', `/api/canned/${encodeURIComponent(id)}`);
  }

  kbEntries() {
    return this.request<{ entries: KbEntry[]; source: 'file' | 'console'; path: string | null }>('GET', '/api/kb/entries');
  }
  putKbEntry(entry: KbEntry) {
    return this.request<unknown>('PUT', `/api/kb/entries/${encodeURIComponent(entry.id)}`, entry);
  }
  deleteKbEntry(id: string) {
    return this.request<void>('DELETE', `/api/kb/entries/${encodeURIComponent(id)}`);
  }
  kbMatch(q: string) {
    return this.request<MatchCandidate[] | { candidates: MatchCandidate[] }>('GET', `/api/kb/match${queryString({ q })}`).then((r) =>
      Array.isArray(r) ? r : r.candidates,
    );
  }

  site() {
    return this.request<SiteSettings>('GET', '/api/site');
  }
  updateSite(body: SiteUpdate) {
    return this.request<SiteSettings>('PATCH', '/api/site', body);
  }

  reports(from: number, to: number, tz: string) {
    return this.request<ReportsResponse>('GET', `/api/reports${queryString({ from, to, tz })}`);
  }
  /** The CSV export as a Blob: a plain link could not carry the bearer token. */
  async reportsCsv(from: number, to: number, tz: string): Promise<Blob> {
    const res = await fetch(`${this.base}/api/reports.csv${queryString({ from, to, tz })}`, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (res.status === 401 && this.token) this.onUnauthorized();
    if (!res.ok) throw new ApiError(res.status, 'HTTP_' + res.status, `The CSV export failed (${res.status}).`);
    return res.blob();
  }
}

