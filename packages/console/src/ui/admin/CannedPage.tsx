/** Canned responses, shared by the team: any agent may add, edit and delete them. */
import type { CannedResponse } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { useConsole } from '../context.js';
import { Markdown } from '../Markdown.js';

const EMPTY = { id: '', shortcut: '', title: '', text: '' };

export function CannedPage() {
  const { api } = useConsole();
  const [list, setList] = useState<CannedResponse[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    api
      .canned()
      .then((r) => setList(r.canned))
      .catch((err: Error) => setError(err.message));
  }, []);

  async function save(e: Event) {
    e.preventDefault();
    const body = { shortcut: form.shortcut.trim().replace(/^\//, ''), title: form.title.trim(), text: form.text.trim() };
    try {
      const r = form.id ? await api.updateCanned(form.id, body) : await api.createCanned(body);
      setList((all) => [...all.filter((c) => c.id !== r.canned.id), r.canned].sort((a, b) => a.shortcut.localeCompare(b.shortcut)));
      setForm(EMPTY);
      setSaved(`Saved /${r.canned.shortcut}.`);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function remove(c: CannedResponse) {
    if (!confirm(`Delete /${c.shortcut}?`)) return;
    try {
      await api.deleteCanned(c.id);
      setList((all) => all.filter((x) => x.id !== c.id));
      setSaved(`Deleted /${c.shortcut}.`);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <section class="page" aria-labelledby="canned-title">
      <div class="page-head">
        <h2 id="canned-title">Canned responses</h2>
        <p class="hint">Type “/” and the shortcut in the reply box to insert one.</p>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="saved" role="status">
        {saved}
      </p>
      <div class="split">
        <form class="form-grid card pad" onSubmit={save} aria-labelledby="canned-form-title">
          <h3 id="canned-form-title">{form.id ? `Edit /${form.shortcut}` : 'New canned response'}</h3>
          <label for="canned-shortcut">Shortcut</label>
          <input id="canned-shortcut" required pattern="/?[A-Za-z0-9][A-Za-z0-9_\-]{0,31}" title="1–32 letters, digits, _ or -" value={form.shortcut} onInput={set('shortcut')} />
          <label for="canned-title-input">Title (optional)</label>
          <input id="canned-title-input" maxLength={120} value={form.title} onInput={set('title')} />
          <label for="canned-text">Text (markdown)</label>
          <textarea id="canned-text" rows={5} required maxLength={4000} value={form.text} onInput={set('text')} />
          <div class="buttons">
            <button type="submit" class="primary">
              {form.id ? 'Save changes' : 'Add response'}
            </button>
            {form.id && (
              <button type="button" onClick={() => setForm(EMPTY)}>
                Cancel
              </button>
            )}
          </div>
        </form>
        {list.length === 0 ? (
          <p class="empty">No canned responses yet.</p>
        ) : (
          <ul class="cards" aria-label="Canned responses">
            {list.map((c) => (
              <li key={c.id} class="card item">
                <div class="item-head">
                  <strong>/{c.shortcut}</strong> {c.title && <span class="muted">— {c.title}</span>}
                </div>
                <Markdown text={c.text} />
                <div class="buttons mt">
                  <button type="button" onClick={() => setForm({ id: c.id, shortcut: c.shortcut, title: c.title, text: c.text })}>
                    Edit<span class="sr-only"> /{c.shortcut}</span>
                  </button>
                  <button type="button" class="danger" onClick={() => remove(c)}>
                    Delete<span class="sr-only"> /{c.shortcut}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
