/** Top bar: connection state, presence and capacity, desktop alerts, who is logged in. */
import type { PresenceStatus } from '@switchboard/protocol';
import { useEffect, useState } from 'preact/hooks';
import { askNotificationPermission, notificationsSupported, unlockAudio } from '../alerts.js';
import { openChatsOf } from '../state.js';
import { Avatar } from './Avatar.js';
import { useConsole } from './context.js';

export function Header({ onLogout }: { onLogout(): void }) {
  const { state, conn } = useConsole();
  const me = state.me;
  const [maxChats, setMaxChats] = useState('');
  const [permission, setPermission] = useState(notificationsSupported() ? Notification.permission : 'unsupported');
  useEffect(() => setMaxChats(me ? String(me.maxChats) : ''), [me?.maxChats]);

  function presence(status: PresenceStatus, max?: number) {
    conn.send({ type: 'presence', status, ...(max !== undefined ? { maxChats: max } : {}) });
  }

  function commitMax() {
    const n = Number(maxChats);
    if (!me || !Number.isInteger(n) || n < 0 || n > 100 || n === me.maxChats) return;
    presence(me.status, n);
  }

  return (
    <header class="top">
      <h1 class="brand">
        <span class="logo" aria-hidden="true" />
        Switchboard
        <span class="sr-only"> console</span>
      </h1>
      <span class={`conn conn-${state.connection}`} role="status">
        {state.connection === 'online'
          ? 'Connected'
          : state.connection === 'connecting'
            ? 'Connecting…'
            : state.connection === 'closed'
              ? 'Disconnected'
              : 'Offline — reconnecting'}
      </span>
      {state.error && (
        <span class="top-error" role="alert">
          {state.error}
        </span>
      )}
      <span class="spacer" />
      {me && (
        <>
          <label class={`inline presence presence-${me.status}`}>
            <span class="status-dot" aria-hidden="true" />
            <span class="label-text">Status</span>
            <select
              value={me.status}
              onChange={(e) => {
                unlockAudio();
                presence(e.currentTarget.value as PresenceStatus);
              }}
            >
              <option value="online">Online</option>
              <option value="away">Away</option>
              <option value="offline">Offline</option>
            </select>
          </label>
          <label class="inline">
            <span class="label-text">Max chats</span>
            <input
              class="num"
              type="number"
              min={0}
              max={100}
              value={maxChats}
              onInput={(e) => setMaxChats(e.currentTarget.value)}
              onBlur={commitMax}
              onKeyDown={(e) => e.key === 'Enter' && commitMax()}
            />
          </label>
          <span class="load" title="Chats assigned to you / your max chats">
            {openChatsOf(state, me.id)}/{me.maxChats} open
          </span>
        </>
      )}
      {permission === 'default' && (
        <button
          type="button"
          onClick={async () => {
            unlockAudio();
            setPermission(await askNotificationPermission());
          }}
        >
          Enable alerts
        </button>
      )}
      {me && (
        <span class="who">
          <Avatar name={me.name} id={me.id} size="sm" />
          <span>
            {me.name} <span class="role">({me.role})</span>
          </span>
        </span>
      )}
      <button type="button" class="logout" onClick={onLogout}>
        Log out
      </button>
    </header>
  );
}
