import { useEffect, useState } from 'preact/hooks';
import type { State, Store } from '../core/store.js';

export function useStore(store: Store): State {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
