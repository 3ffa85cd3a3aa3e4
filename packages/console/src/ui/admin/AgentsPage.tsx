/**
 * Admin: add agents, change role and capacity, deactivate (their sockets close at once). The
 * agents are the console's own store (fetched once here for the inactive ones, then kept by
 * presence frames); "Open" counts each agent's conversations in that store, live.
 */
import type { AgentView } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { openChatsOf } from '../../state.js';
import { useConsole } from '../context.js';

function AgentRow({ a, self, onSaved, onError }: { a: AgentView; self: boolean; onSaved(a: AgentView): void; onError(m: string): void }) {
  const { api, state } = useConsole();
  const [max, setMax] = useState(String(a.maxChats));
  useEffect(() => setMax(String(a.maxChats)), [a.maxChats]);
  async function patch(body: Parameters<typeof api.updateAgent>[1]) {
    try {
      onSaved((await api.updateAgent(a.id, body)).agent);
    } catch (err) {
      onError((err as Error).message);
    }
  }
  return (
    <tr class={a.active ? '' : 'inactive'}>
      <th scope="row">
        {a.name}
        <div class="muted">{a.email}</div>
      </th>
      <td>
        <span class={`status-dot status-${a.status}`} aria-hidden="true" />
        {a.status}
      </td>
      <td>
        <select aria-label={`Role of ${a.name}`} value={a.role} disabled={self} onChange={(e) => patch({ role: e.currentTarget.value as AgentView['role'] })}>
          <option value="agent">Agent</option>
          <option value="admin">Admin</option>
          {a.role === 'bot' && <option value="bot">Bot</option>}
        </select>
      </td>
      <td class="num">{openChatsOf(state, a.id)}</td>
      <td>
        <input
          class="num"
          type="number"
          min={0}
          max={100}
          aria-label={`Max chats of ${a.name}`}
          value={max}
          onInput={(e) => setMax(e.currentTarget.value)}
          onBlur={() => Number(max) !== a.maxChats && patch({ maxChats: Number(max) })}
          onKeyDown={(e) => e.key === 'Enter' && Number(max) !== a.maxChats && patch({ maxChats: Number(max) })}
        />
      </td>
      <td>
        {self ? (
          <span class="muted">you</span>
        ) : (
          <button type="button" class={a.active ? 'danger' : ''} onClick={() => patch({ active: !a.active })}>
            {a.active ? 'Deactivate' : 'Activate'}
            <span class="sr-only"> {a.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

export function AgentsPage() {
  const { api, state, dispatch } = useConsole();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', email: '', password: '', role: 'agent' as Exclude<AgentView['role'], 'bot'>, maxChats: '5' });

  useEffect(() => {
    api
      .agents()
      .then((r) => dispatch({ type: 'agents', agents: r.agents }))
      .catch((err: Error) => setError(err.message));
  }, []);

  const list = Object.values(state.agents).sort((a, b) => a.name.localeCompare(b.name));

  function onSaved(a: AgentView) {
    dispatch({ type: 'agents', agents: [a] });
    setError(null);
    setSaved(`Saved ${a.name}.`);
  }

  async function add(e: Event) {
    e.preventDefault();
    try {
      const r = await api.createAgent({ name: form.name.trim(), email: form.email.trim(), password: form.password, role: form.role, maxChats: Number(form.maxChats) });
      onSaved(r.agent);
      setForm({ name: '', email: '', password: '', role: 'agent', maxChats: '5' });
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <section class="page" aria-labelledby="agents-title">
      <div class="page-head">
        <h2 id="agents-title">Agents</h2>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="saved" role="status">
        {saved}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Status</th>
              <th scope="col">Role</th>
              <th scope="col" class="num">
                Open
              </th>
              <th scope="col">Max chats</th>
              <th scope="col">Access</th>
            </tr>
          </thead>
          <tbody>
            {list
              .filter((a) => a.role !== 'bot')
              .map((a) => (
                <AgentRow key={a.id} a={a} self={a.id === state.me?.id} onSaved={onSaved} onError={setError} />
              ))}
          </tbody>
        </table>
      </div>
      <form class="form-grid card pad" onSubmit={add} aria-labelledby="add-agent">
        <h3 id="add-agent">Add an agent</h3>
        <div class="row2">
          <div class="form-grid">
            <label for="new-name">Name</label>
            <input id="new-name" required maxLength={128} value={form.name} onInput={set('name')} />
          </div>
          <div class="form-grid">
            <label for="new-email">Email</label>
            <input id="new-email" type="email" required value={form.email} onInput={set('email')} />
          </div>
        </div>
        <div class="row2">
          <div class="form-grid">
            <label for="new-password">Initial password (at least 8 characters)</label>
            <input id="new-password" type="password" autocomplete="new-password" minLength={8} required value={form.password} onInput={set('password')} />
          </div>
          <div class="row2">
            <div class="form-grid">
              <label for="new-role">Role</label>
              <select id="new-role" value={form.role} onChange={set('role')}>
                <option value="agent">Agent</option>
                <option value="admin">Admin</option>
              </select>
            </div>
            <div class="form-grid">
              <label for="new-max">Max chats</label>
              <input id="new-max" type="number" min={0} max={100} value={form.maxChats} onInput={set('maxChats')} />
            </div>
          </div>
        </div>
        <div>
          <button type="submit" class="primary">
            Add agent
          </button>
        </div>
      </form>
    </section>
  );
}
