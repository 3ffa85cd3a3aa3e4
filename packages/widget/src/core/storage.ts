/**
 * localStorage with a memory fallback: storage throws in some sandboxed iframes and privacy
 * modes, and the chat must still work there (it just won't survive a reload).
 */
export interface KV {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export function createKV(prefix: string, backend: () => Storage = () => localStorage): KV {
  const memory = new Map<string, string>();
  let store: Storage | null = null;
  try {
    store = backend();
    store.getItem(prefix);
  } catch {
    store = null; // unavailable: fall back to memory (see module comment)
  }
  return {
    get(key) {
      const k = prefix + key;
      return store?.getItem(k) ?? memory.get(k) ?? null;
    },
    set(key, value) {
      const k = prefix + key;
      try {
        if (store) value === null ? store.removeItem(k) : store.setItem(k, value);
        else value === null ? memory.delete(k) : memory.set(k, value);
      } catch {
        // Quota exceeded: keep the value for this page at least.
        value === null ? memory.delete(k) : memory.set(k, value);
      }
    },
  };
}

/** 32 hex chars from the CSPRNG: a valid protocol ClientId. */
export function newId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
