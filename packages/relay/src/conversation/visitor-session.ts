/**
 * Who a visitor is: `hello` (a new visitor, or the one a token or a verified identity names),
 * `identify` later on, and the `welcome` that tells the client. A malformed or non-matching
 * identity never costs the visitor their chat: it gets INVALID_SIGNATURE and they continue
 * anonymously.
 */
import { Identity, errorFrame, type VisitorClientFrame, type Welcome } from '@switchboard/protocol';
import { signVisitorToken, verifyIdentity, verifyVisitorToken } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { RelayError } from '../errors.js';
import { newId } from '../ids.js';
import type { SiteStore } from '../site.js';
import type { Storage, VisitorPatch, VisitorRecord } from '../storage/types.js';
import type { Assignment } from './assignment.js';
import type { VisitorConnection } from './ports.js';
import type { ConversationReads } from './reads.js';
import type { Serial } from './serial.js';

type Hello = Extract<VisitorClientFrame, { type: 'hello' }>;

export interface VisitorSessionDeps {
  storage: Storage;
  serial: Serial;
  reads: ConversationReads;
  assignment: Assignment;
  sites: SiteStore;
  config: Pick<Config, 'maxTextBytes' | 'heartbeatMs' | 'maxFrameBytes'>;
  /** Signs visitor tokens. */
  secret: string;
  now: () => number;
}

export class VisitorSession {
  constructor(private readonly deps: VisitorSessionDeps) {}

  /** Greets a socket: welcome, then the open conversation's messages after the client's last seq, then `synced`. Returns the visitor id. */
  async hello(conn: VisitorConnection, frame: Hello): Promise<string> {
    const site = this.deps.sites.current;
    if (frame.siteId !== undefined && frame.siteId !== site.id) throw new RelayError('NOT_FOUND', `Unknown site "${frame.siteId}".`);
    let identity: Identity | null = null;
    if (frame.identity !== undefined) {
      const verified = this.verify(frame.identity);
      if ('problem' in verified) conn.send(errorFrame('INVALID_SIGNATURE', `${verified.problem} Continuing as an anonymous visitor.`, { frame: 'hello' }));
      else identity = verified.identity;
    }
    const tokenVisitorId = frame.token ? verifyVisitorToken(this.deps.secret, frame.token) : null;
    const owner = identity ? await this.deps.storage.visitors.findByUserId(site.id, identity.userId) : null;
    const knownId = owner?.id ?? tokenVisitorId;
    const seen: VisitorPatch = {
      lastSeenAt: this.deps.now(),
      userAgent: conn.userAgent?.slice(0, 512) ?? null,
      ...(frame.page ? { page: frame.page } : {}),
      ...(frame.locale ? { locale: frame.locale } : {}),
      ...(frame.timezone ? { timezone: frame.timezone } : {}),
      ...(identity ? identityPatch(identity) : {}),
    };
    // An erased visitor's token no longer resumes anyone: they start over as a new visitor.
    const erased = knownId ? (await this.deps.storage.visitors.get(knownId))?.erasedAt != null : false;
    const known = knownId && !erased ? await this.deps.serial.visitor(knownId, () => this.deps.storage.visitors.update(knownId, seen)) : null;
    const visitor = known ?? (await this.create(site.id, seen));

    conn.attach(visitor.id);
    const welcome = await this.welcome(visitor);
    conn.send(welcome);
    const conversation = welcome.conversation;
    if (conversation) {
      const afterSeq = frame.resume && frame.resume.conversationId === conversation.id ? frame.resume.afterSeq : 0;
      await this.replay(conn, conversation.id, afterSeq);
      conn.send({ type: 'synced', conversationId: conversation.id, lastSeq: conversation.lastSeq });
    }
    return visitor.id;
  }

  /**
   * Verifies the visitor as a site user. If that user is known from another device, the socket
   * continues as that visitor and gets a new welcome. Returns the visitor id the socket speaks for.
   */
  async identify(conn: VisitorConnection, visitorId: string, claim: unknown): Promise<string> {
    const verified = this.verify(claim);
    if ('problem' in verified) throw new RelayError('INVALID_SIGNATURE', verified.problem);
    const { identity } = verified;
    return this.deps.serial.visitor(visitorId, async () => {
      const current = await this.deps.storage.visitors.get(visitorId);
      if (!current) throw new RelayError('NOT_FOUND', 'No such visitor.');
      const owner = await this.deps.storage.visitors.findByUserId(current.siteId, identity.userId);
      if (owner && owner.id !== visitorId) {
        conn.attach(owner.id);
        conn.send(await this.welcome(owner));
        return owner.id;
      }
      await this.deps.storage.visitors.update(visitorId, identityPatch(identity));
      return visitorId;
    });
  }

  /** The visitor a token was issued for (REST history); UNAUTHORIZED when it is forged or the visitor is gone. */
  async visitorOf(token: string): Promise<string> {
    const visitorId = verifyVisitorToken(this.deps.secret, token);
    const visitor = visitorId ? await this.deps.storage.visitors.get(visitorId) : null;
    if (!visitorId || !visitor || visitor.erasedAt !== null) throw new RelayError('UNAUTHORIZED', 'The visitor token is not valid.');
    return visitorId;
  }

  /** The open conversation's messages after `afterSeq` (notes left out), waiting for the socket to drain as it goes. */
  async replay(conn: VisitorConnection, conversationId: string, afterSeq: number): Promise<void> {
    for await (const message of this.deps.reads.replay(conversationId, afterSeq, false)) {
      conn.send({ type: 'message', message });
      await conn.drained();
    }
  }

  private async welcome(visitor: VisitorRecord): Promise<Welcome> {
    const { sites, config } = this.deps;
    const site = sites.current;
    const shown = await this.deps.reads.shownTo(visitor.id);
    return {
      type: 'welcome',
      v: 1,
      visitorId: visitor.id,
      token: signVisitorToken(this.deps.secret, visitor.id),
      verified: visitor.verified,
      userId: visitor.userId,
      conversation: shown ? await this.deps.reads.view(shown) : null,
      agentsAvailable: await this.deps.assignment.agentsAvailable(),
      site: {
        name: site.name,
        welcomeMessage: site.welcomeMessage,
        theme: site.theme,
        open: sites.open(),
        ...(site.consent.enabled ? { consent: { privacyUrl: site.consent.privacyUrl } } : {}),
      },
      ...(site.consent.enabled ? { consentAt: visitor.consentAt } : {}),
      limits: { maxTextBytes: config.maxTextBytes, heartbeatMs: config.heartbeatMs, maxFrameBytes: config.maxFrameBytes },
    };
  }

  private async create(siteId: string, seen: VisitorPatch): Promise<VisitorRecord> {
    return this.deps.storage.visitors.create({
      id: newId('v'),
      siteId,
      name: null,
      email: null,
      userId: null,
      verified: false,
      attributes: {},
      page: null,
      userAgent: null,
      timezone: null,
      locale: null,
      createdAt: this.deps.now(),
      lastSeenAt: this.deps.now(),
      consentAt: null,
      erasedAt: null,
      ...seen,
    });
  }

  /** The identity, when it is well-formed and its signature matches; otherwise why not. */
  private verify(claim: unknown): { identity: Identity } | { problem: string } {
    const secret = this.deps.sites.current.identitySecret;
    if (!secret) return { problem: 'Identity verification is not configured on this relay.' };
    const parsed = Identity.safeParse(claim);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length ? `identity.${issue.path.join('.')}` : 'identity';
      return { problem: `The identity is malformed (${where}: ${issue?.message ?? 'invalid'}).` };
    }
    if (!verifyIdentity(secret, parsed.data.userId, parsed.data.signature)) return { problem: 'The identity signature does not match this user id.' };
    return { identity: parsed.data };
  }
}

function identityPatch(identity: Identity): VisitorPatch {
  return { userId: identity.userId, verified: true, ...(identity.name ? { name: identity.name } : {}), ...(identity.email ? { email: identity.email } : {}) };
}
