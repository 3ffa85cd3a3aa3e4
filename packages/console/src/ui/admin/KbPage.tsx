/** Admin: the bot's knowledge base. Saving an entry takes effect at once; "try a question" shows the match. */
import type { KbSource, KbEntry, KbMatchCandidate } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { percent } from '../../format.js';
import { saveBlob } from '../../download.js';
import { useConsole } from '../context.js';

interface Draft {
  id: string;
  questions: string;
  answer: string;
  quickReplies: string;
  tags: string;
}
const EMPTY: Draft = { id: '', questions: '', answer: '', quickReplies: '', tags: '' };

export function toDraft(e: KbEntry): Draft {
  return { id: e.id, questions: e.questions.join('\n'), answer: e.answer, quickReplies: (e.quickReplies ?? []).join('\n'), tags: (e.tags ?? []).join(', ') };
}

export function fromDraft(d: Draft): KbEntry {
  const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
  const tags = d.tags.split(',').map((x) => x.trim()).filter(Boolean);
  const quickReplies = lines(d.quickReplies);
  return { id: d.id.trim(), questions: lines(d.questions), answer: d.answer.trim(), ...(quickReplies.length ? { quickReplies } : {}), ...(tags.length ? { tags } : {}) };
}

function TryQuestion({ entries, onPick }: { entries: KbEntry[]; onPick(e: KbEntry): void }) {
  const { api } = useConsole();
  const [q, setQ] = useState('');
  const [result, setResult] = useState<KbMatchCandidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function run(e: Event) {
    e.preventDefault();
    if (!q.trim()) return;
    try {
      setResult(await api.kbMatch(q.trim()));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <form class="card form-grid pad" onSubmit={run} aria-labelledby="try-title">
      <h3 id="try-title">Try a question</h3>
      <label for="try-q">A visitor asks…</label>
      <div class="buttons">
        <input id="try-q" class="grow" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit">Match</button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div role="status" class="match">
        {result &&
          (result.length === 0 ? (
            <p>No entry matches.</p>
          ) : (
            <ol>
              {result.slice(0, 3).map((c, i) => {
                const entry = entries.find((x) => x.id === c.entryId);
                return (
                  <li key={c.entryId}>
                    {i === 0 && <strong>Best match: </strong>}
                    {entry ? (
                      <button type="button" class="link" onClick={() => onPick(entry)}>
                        {c.entryId}
                      </button>
                    ) : (
                      c.entryId
                    )}{' '}
                    — confidence {percent(c.confidence)} <span class="muted">(“{c.question}”)</span>
                  </li>
                );
              })}
            </ol>
          ))}
      </div>
    </form>
  );
}

export function KbPage() {
  const { api } = useConsole();
  const [entries, setEntries] = useState<KbEntry[]>([]);
  const [source, setSource] = useState<{ kind: KbSource; path: string | null } | null>(null);
  const [filter, setFilter] = useState('');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [reloaded, setReloaded] = useState(0);

  useEffect(() => {
    api
      .kbEntries()
      .then((r) => {
        setEntries(r.entries);
        setSource({ kind: r.source, path: r.path });
      })
      .catch((err: Error) => setError(err.message));
  }, [reloaded]);

  async function exportFile() {
    try {
      saveBlob(await api.kbExport(), 'knowledge-base.json');
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function reset() {
    if (!confirm('Drop every edit made in the console and answer from the knowledge-base file again?')) return;
    try {
      const r = await api.kbReset();
      setSaved(`Back to the file: ${r.entries} entries.`);
      setEditing(null);
      setDraft(EMPTY);
      setReloaded((n) => n + 1);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function save(e: Event) {
    e.preventDefault();
    const entry = fromDraft(draft);
    try {
      await api.putKbEntry(entry);
      setEntries((all) => [...all.filter((x) => x.id !== entry.id), entry].sort((a, b) => a.id.localeCompare(b.id)));
      setEditing(entry.id);
      setSaved(`Saved “${entry.id}”; the bot uses it now.`);
      setSource((s) => (s ? { kind: 'console', path: null } : s));
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function remove() {
    if (!editing || !confirm(`Delete the entry “${editing}”?`)) return;
    try {
      await api.deleteKbEntry(editing);
      setEntries((all) => all.filter((x) => x.id !== editing));
      setSaved(`Deleted “${editing}”.`);
      setSource((s) => (s ? { kind: 'console', path: null } : s));
      setEditing(null);
      setDraft(EMPTY);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  function pick(entry: KbEntry) {
    setEditing(entry.id);
    setDraft(toDraft(entry));
  }

  const f = filter.trim().toLowerCase();
  const shown = f ? entries.filter((e) => [e.id, e.answer, ...e.questions, ...(e.tags ?? [])].some((s) => s.toLowerCase().includes(f))) : entries;
  const set = (k: keyof Draft) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <section class="page" aria-labelledby="kb-title">
      <div class="page-head">
        <div>
          <h2 id="kb-title">Knowledge base</h2>
          <p class="hint">
            {entries.length} entries
            {source &&
              (source.kind === 'file'
                ? `, from the file ${source.path ?? ''}. Edits made here are stored in the database and take the file's place.`
                : ', edited in the console: stored in the database, not in the file. Export them to keep them as a file.')}
          </p>
        </div>
        <div class="buttons">
          <button type="button" onClick={exportFile}>
            Export JSON
          </button>
          {source?.kind === 'console' && (
            <button type="button" class="danger" onClick={reset}>
              Reset to the file
            </button>
          )}
        </div>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="saved" role="status">
        {saved}
      </p>
      <TryQuestion entries={entries} onPick={pick} />
      <div class="split mt">
        <div class="card">
          <div class="search">
            <label for="kb-filter" class="sr-only">
              Search entries
            </label>
            <input id="kb-filter" type="search" placeholder="Search entries" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setDraft(EMPTY);
              }}
            >
              New entry
            </button>
          </div>
          <ul class="entry-list" aria-label="Entries">
            {shown.map((e) => (
              <li key={e.id}>
                <button type="button" aria-current={editing === e.id ? 'true' : undefined} onClick={() => pick(e)}>
                  <strong>{e.id}</strong>
                  <div class="muted">{e.questions[0]}</div>
                </button>
              </li>
            ))}
          </ul>
        </div>
        <form class="card form-grid pad" onSubmit={save} aria-labelledby="kb-form-title">
          <h3 id="kb-form-title">{editing ? `Edit “${editing}”` : 'New entry'}</h3>
          <label for="kb-id">Id</label>
          <input id="kb-id" required pattern="[A-Za-z0-9_.\-]{1,64}" title="letters, digits, _, . or -" readOnly={!!editing} value={draft.id} onInput={set('id')} />
          <label for="kb-questions">Questions (one per line)</label>
          <textarea id="kb-questions" rows={4} required value={draft.questions} onInput={set('questions')} />
          <label for="kb-answer">Answer (markdown)</label>
          <textarea id="kb-answer" rows={5} required maxLength={8000} value={draft.answer} onInput={set('answer')} />
          <label for="kb-qr">Quick replies (one per line, optional)</label>
          <textarea id="kb-qr" rows={2} value={draft.quickReplies} onInput={set('quickReplies')} />
          <label for="kb-tags">Tags (comma-separated, optional)</label>
          <input id="kb-tags" value={draft.tags} onInput={set('tags')} />
          <div class="buttons">
            <button type="submit" class="primary">
              Save entry
            </button>
            {editing && (
              <button type="button" class="danger" onClick={remove}>
                Delete entry
              </button>
            )}
          </div>
        </form>
      </div>
    </section>
  );
}
