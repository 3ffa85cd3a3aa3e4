/** Admin: the audit log — who did what and when — filtered by action, person and dates, exported as CSV. */
import type { AuditEntry, AuditQuery } from '@switchboard/protocol';
import { AUDIT_ACTIONS } from '@switchboard/protocol/client';
import { useEffect, useState } from 'preact/hooks';
import { saveBlob } from '../../download.js';
import { useConsole } from '../context.js';

function describe(e: AuditEntry): string {
  const parts = Object.entries(e.detail).map(([k, v]) => `${k}: ${String(v)}`);
  return parts.join(', ');
}

export function AuditPage() {
  const { api, state } = useConsole();
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const filter = (): Omit<AuditQuery, 'before' | 'limit'> => ({
    ...(action ? { action: action as AuditEntry['action'] } : {}),
    ...(actorId ? { actorId } : {}),
    ...(from ? { from: new Date(`${from}T00:00`).getTime() } : {}),
    ...(to ? { to: new Date(`${to}T00:00`).getTime() + 86_400_000 } : {}),
  });

  async function load(more = false) {
    try {
      const r = await api.audit({ ...filter(), limit: 100, ...(more && next ? { before: next } : {}) });
      setEntries(more && entries ? [...entries, ...r.entries] : r.entries);
      setNext(r.nextBefore);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  useEffect(() => void load(), []);

  async function csv() {
    try {
      saveBlob(await api.auditCsv(filter()), `switchboard-audit-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const people = Object.values(state.agents);
  return (
    <section class="page" aria-labelledby="audit-title">
      <div class="page-head">
        <div>
          <h2 id="audit-title">Audit log</h2>
          <p class="hint">Every sign-in, account change and admin action, newest first. Entries are never changed or removed.</p>
        </div>
        <button type="button" onClick={csv}>
          Export CSV
        </button>
      </div>
      <form
        class="filters"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Who
          <select value={actorId} onChange={(e) => setActorId(e.currentTarget.value)}>
            <option value="">Anyone</option>
            {people.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          Show
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!entries ? (
        <p class="empty">Loading…</p>
      ) : entries.length === 0 ? (
        <p class="empty">No entries.</p>
      ) : (
        <div class="table-wrap">
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={new Date(e.at).toISOString()}>{new Date(e.at).toLocaleString()}</time>
                  </td>
                  <td>{e.actor.name ?? (e.actor.type === 'agent' ? 'unknown' : e.actor.type)}</td>
                  <th scope="row">{e.action}</th>
                  <td>{e.target ? `${e.target.type} ${state.agents[e.target.id]?.name ?? e.target.id}` : '—'}</td>
                  <td class="detail">{describe(e)}</td>
                  <td>{e.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <button type="button" class="mt" onClick={() => load(true)}>
          Load older entries
        </button>
      )}
    </section>
  );
}
