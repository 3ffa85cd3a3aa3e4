/** The chat panel: header with actions, message log, quick replies, and composer or form. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Controller } from '../core/chat.js';
import type { State } from '../core/store.js';
import { fmt } from '../i18n/index.js';
import { FieldsForm, Rating, type Field } from './Forms.js';
import { CloseIcon, NewIcon, SaveIcon, SendIcon } from './icons.js';
import { LineView, authorName, eventText } from './Lines.js';
import { safeHref } from './markdown.js';

/** The header's status line. "Reconnecting…" and "unavailable" are the banner's job (announced), not repeated here. */
function status(s: State): string {
  const t = s.t;
  if (s.conn === 'idle' || s.conn === 'connecting') return t.connecting;
  switch (s.conversation?.state) {
    case 'queued':
      return t.queued;
    case 'assigned':
      return t.assignedStatus;
    case 'closed':
      return t.closedStatus;
    default:
      return t.botStatus;
  }
}

/** Key of the visitor's last message the agent has read up to, if any. */
function seenKey(s: State): string | undefined {
  const id = s.conversation?.id;
  const upTo = id && s.agentSeen?.conversationId === id ? s.agentSeen.seq : 0;
  let key: string | undefined;
  for (const l of s.lines) if (l.author.kind === 'visitor' && l.conversationId === id && l.seq <= upTo) key = l.key;
  return key;
}

function transcript(s: State): void {
  const text = s.lines
    .filter((l) => l.conversationId === s.conversation?.id || l.seq === Infinity)
    .map((l) => `[${new Date(l.createdAt).toLocaleString()}] ${l.kind === 'event' ? eventText(l, s) : `${authorName(l, s.t) || '—'}: ${l.text}`}`)
    .join('\n');
  const url = URL.createObjectURL(new Blob([`${s.site?.name ?? s.t.chat}\n\n${text}\n`], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `transcript-${new Date().toISOString().slice(0, 10)}.txt`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Panel({ c, s }: { c: Controller; s: State }) {
  const t = s.t;
  const log = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLElement>(null);
  const [text, setText] = useState('');
  const typing = useRef<ReturnType<typeof setTimeout>>();
  const conv = s.conversation;
  const agent = conv?.state === 'assigned' || conv?.state === 'closed' ? conv.agent : null;
  const title = (conv?.state === 'assigned' && agent?.name) || s.site?.name || t.chat;
  const avatar = agent?.avatarUrl && safeHref(agent.avatarUrl);
  const last = s.lines[s.lines.length - 1];
  const chips = last && last.author.kind === 'bot' && (last.quickReplies || last.suggestions) ? last : null;
  const showRating = conv?.state === 'closed' && conv.agent && conv.rating === null && s.rated !== conv.id;
  const seen = seenKey(s);

  useEffect(() => {
    root.current?.querySelector<HTMLElement>('textarea, input')?.focus();
  }, [s.form]);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [s.lines, s.typing]);

  const stopTyping = () => {
    if (typing.current) c.session.typing(false);
    clearTimeout(typing.current);
    typing.current = undefined;
  };
  const send = (body: string) => {
    stopTyping();
    c.session.send(body);
    // A pressed quick reply disappears; keep focus in the panel.
    root.current?.querySelector<HTMLElement>('#sb-input')?.focus();
  };
  const submit = (e?: Event) => {
    e?.preventDefault();
    if (!text.trim()) return;
    send(text);
    setText('');
  };

  const offlineFields: Field[] = [
    { name: 'email', label: t.email, type: 'email', required: true },
    { name: 'name', label: t.name },
    { name: 'message', label: t.yourMessage, type: 'textarea', required: true },
  ];

  return (
    <section
      ref={root}
      class="panel"
      role="dialog"
      aria-labelledby="sb-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          c.handle.close();
        }
      }}
    >
      <header>
        {avatar ? <img class="av" src={avatar} alt="" /> : <span class="av" aria-hidden="true">{title.slice(0, 1).toUpperCase()}</span>}
        <div class="who">
          <h2 id="sb-title">{title}</h2>
          <p>{status(s)}</p>
        </div>
        <button type="button" class="icon" aria-label={t.newChat} title={t.newChat} onClick={() => c.session.newConversation()}>
          <NewIcon />
        </button>
        <button type="button" class="icon" aria-label={t.transcript} title={t.transcript} onClick={() => transcript(s)}>
          <SaveIcon />
        </button>
        <button type="button" class="icon" aria-label={t.closeChat} title={t.closeChat} onClick={() => c.handle.close()}>
          <CloseIcon />
        </button>
      </header>
      <div role="status">
        {(s.conn === 'reconnecting' || s.conn === 'down' || s.notice) && (
          <p class="banner">{s.conn === 'reconnecting' ? t.reconnecting : s.conn === 'down' ? t.unavailable : s.notice}</p>
        )}
      </div>
      <div ref={log} class="log" role="log" aria-live="polite" aria-label={t.chat} tabIndex={0}>
        {s.site?.welcomeMessage && (
          <div class="msg">
            <div class="bubble">{s.site.welcomeMessage}</div>
          </div>
        )}
        {s.lines.map((l, i) => (
          <LineView
            key={l.clientId ?? l.key}
            line={l}
            state={s}
            showName={i === 0 || s.lines[i - 1]!.author.kind !== l.author.kind || s.lines[i - 1]!.author.name !== l.author.name}
            seen={l.key === seen}
            onRetry={c.session.retry}
          />
        ))}
      </div>
      {s.typing && <p class="typing">{fmt(t.typing, { name: s.typing.name || (s.typing.kind === 'bot' ? t.assistant : t.agent) })}</p>}
      {chips && (
        <div class="chips">
          {chips.suggestions && <span>{t.suggestions}</span>}
          {[...(chips.quickReplies ?? []), ...(chips.suggestions ?? []).map((x) => x.label)].map((label) => (
            <button type="button" class="chip" key={label} onClick={() => send(label)}>
              {label}
            </button>
          ))}
        </div>
      )}
      {showRating && <Rating t={t} onRate={(score, comment) => c.session.rate(score, comment)} />}
      {s.rated && s.rated === conv?.id && <p class="ev">{t.rateThanks}</p>}
      {s.form === 'prechat' && (c.preChatFields || s.site?.consent) ? (
        <FieldsForm
          id="sb-pre"
          title={t.preChatTitle}
          t={t}
          submit={t.start}
          fields={(c.preChatFields ?? []).map((f) => ({ ...f, label: f.label === 'name' || f.label === 'email' ? t[f.label] : f.label }))}
          consent={s.site?.consent?.privacyUrl}
          onSubmit={c.submitPreChat}
        />
      ) : s.form === 'offline' ? (
        <FieldsForm
          id="sb-off"
          title={t.offlineTitle}
          t={t}
          submit={t.submit}
          fields={offlineFields}
          onCancel={() => c.store.set({ form: 'none' })}
          onSubmit={(v) => c.session.ticket({ email: v.email!, message: v.message!, ...(v.name ? { name: v.name } : {}) })}
        />
      ) : s.form === 'ticketSent' ? (
        <div class="form">
          <p>{t.ticketSent}</p>
          <div class="row">
            <button type="button" class="btn" onClick={() => c.store.set({ form: 'none' })}>
              {t.chat}
            </button>
          </div>
        </div>
      ) : (
        <>
          {(!conv || conv.state === 'bot' || (conv.state === 'closed' && !showRating)) && (
            <div class="bar">
              <button type="button" class="link" onClick={c.handoff}>
                {t.human}
              </button>
            </div>
          )}
          <form class="composer" onSubmit={submit}>
            <label for="sb-input" class="sr">
              {t.messageLabel}
            </label>
            <textarea
              id="sb-input"
              rows={1}
              placeholder={t.placeholder}
              value={text}
              maxLength={8000}
              onInput={(e) => {
                setText(e.currentTarget.value);
                if (!typing.current) c.session.typing(true);
                clearTimeout(typing.current);
                typing.current = setTimeout(stopTyping, 3000);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
              }}
            />
            <button type="submit" class="send" aria-label={t.send} title={t.send}>
              <SendIcon />
            </button>
          </form>
        </>
      )}
    </section>
  );
}
