/** Who the visitor is and where they are: contact, device and place, page, attributes, history. */
import type { ConversationSummary } from '@switchboard/protocol';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { localTime, time } from '../format.js';
import { safeHref } from '../markdown.js';
import { formatRoute } from '../route.js';
import { displayName } from '../state.js';
import { parseUserAgent } from '../useragent.js';
import { Avatar } from './Avatar.js';
import { useConsole } from './context.js';
import { VisitorData } from './VisitorData.js';
import { Section } from './VisitorSection.js';

function Url({ href }: { href: string | undefined }) {
  if (!href) return <span class="muted">—</span>;
  const safe = safeHref(href);
  return safe ? (
    <a href={safe} target="_blank" rel="noopener noreferrer" class="url">
      {href}
    </a>
  ) : (
    <span class="url">{href}</span>
  );
}

function Earlier({ c }: { c: ConversationSummary }) {
  const { api } = useConsole();
  const [list, setList] = useState<ConversationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .conversations({ visitorId: c.visitor.id, limit: 20 })
      .then((r) => live && setList(r.conversations.filter((x) => x.id !== c.id && x.visitor.id === c.visitor.id)))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [c.visitor.id, c.id]);
  if (error) return <p class="error">{error}</p>;
  if (!list) return <p class="muted">Loading…</p>;
  if (!list.length) return <p class="muted">None.</p>;
  return (
    <ul class="earlier">
      {list.map((x) => (
        <li key={x.id}>
          <a href={formatRoute({ section: 'inbox', view: x.state === 'closed' ? 'closed' : 'open', conversationId: x.id, q: '' })}>
            {time(x.createdAt)} — {x.state}
            {x.resolution ? `, ${x.resolution.replace(/_/g, ' ')}` : ''}
            {x.rating !== null ? `, rated ${x.rating}/5` : ''}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function VisitorPanel({ c, now, onHide }: { c: ConversationSummary; now: number; onHide(): void }) {
  const v = c.visitor;
  const ua = parseUserAgent(v.userAgent);
  const local = localTime(v.timezone, now);
  const attrs = Object.entries(v.attributes ?? {});
  const name = displayName(c);
  return (
    <aside class="visitor" id="visitor-panel" aria-label="Visitor details">
      <div class="visitor-head">
        <Avatar name={name} id={v.id} size="lg" />
        <div class="grow">
          <h2>{name}</h2>
          <p class="muted small">{v.verified ? 'Verified identity' : v.email ? 'Visitor' : 'Anonymous visitor'}</p>
        </div>
        <button type="button" class="link hide" onClick={onHide}>
          Hide
        </button>
      </div>
      <Section title="Contact">
        <dl>
          <dt>Name</dt>
          <dd>{v.name || <span class="muted">not given</span>}</dd>
          <dt>Email</dt>
          <dd>{v.email ? <span class="url">{v.email}</span> : <span class="muted">not given</span>}</dd>
          <dt>Identity</dt>
          <dd>
            {v.verified ? (
              <>
                <span class="badge ok">Verified</span> <span class="url">{v.userId}</span>
              </>
            ) : (
              <span class="muted">Not verified</span>
            )}
          </dd>
        </dl>
      </Section>
      <Section title="Device and place">
        <dl>
          <dt>Local time</dt>
          <dd>{local ?? v.timezone ?? <span class="muted">unknown</span>}</dd>
          <dt>Browser</dt>
          <dd>{ua ? `${ua.browser} on ${ua.os}` : <span class="muted">unknown</span>}</dd>
          {v.locale && (
            <>
              <dt>Language</dt>
              <dd>{v.locale}</dd>
            </>
          )}
        </dl>
      </Section>
      <Section title="Current page">
        <dl>
          <dt>Title</dt>
          <dd>{v.page?.title || <span class="muted">—</span>}</dd>
          <dt>URL</dt>
          <dd>
            <Url href={v.page?.url} />
          </dd>
          <dt>Referrer</dt>
          <dd>
            <Url href={v.page?.referrer} />
          </dd>
        </dl>
      </Section>
      <Section title="Attributes">
        {attrs.length ? (
          <dl>
            {attrs.map(([k, val]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd>{String(val)}</dd>
              </Fragment>
            ))}
          </dl>
        ) : (
          <p class="muted">None.</p>
        )}
      </Section>
      <Section title="Earlier conversations">
        <Earlier c={c} />
      </Section>
      <VisitorData c={c} />
    </aside>
  );
}
