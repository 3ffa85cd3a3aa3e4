import type { ChatEventName, ChatEvents, ChatListener } from '../api.js';

export interface Emitter {
  on<K extends ChatEventName>(event: K, fn: ChatListener<K>): () => void;
  off<K extends ChatEventName>(event: K, fn: ChatListener<K>): void;
  emit<K extends ChatEventName>(event: K, payload: ChatEvents[K]): void;
  clear(): void;
}

export function createEmitter(): Emitter {
  const map = new Map<ChatEventName, Set<(p: never) => void>>();
  const api: Emitter = {
    on(event, fn) {
      let set = map.get(event);
      if (!set) map.set(event, (set = new Set()));
      set.add(fn as (p: never) => void);
      return () => api.off(event, fn);
    },
    off(event, fn) {
      map.get(event)?.delete(fn as (p: never) => void);
    },
    emit(event, payload) {
      for (const fn of [...(map.get(event) ?? [])]) {
        // A throwing host listener must not break the widget; report it without stopping the others.
        try {
          (fn as (p: typeof payload) => void)(payload);
        } catch (err) {
          setTimeout(() => {
            throw err;
          });
        }
      }
    },
    clear: () => map.clear(),
  };
  return api;
}
