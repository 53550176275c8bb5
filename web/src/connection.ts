// Is this tab connected? The browser's online flag plus the state of the graphql-ws socket that
// carries progress. Components read it with useConnection() to say "reconnecting…" instead of
// showing a frozen estimate, and the socket is restarted the moment the network comes back so
// that subscriptions catch up at once (the server sends the current state first).
import { useSyncExternalStore } from 'react';

export interface ConnectionState {
  /** navigator.onLine */
  online: boolean;
  /** The progress socket dropped and has not reconnected yet. */
  socketDown: boolean;
}

let state: ConnectionState = { online: typeof navigator === 'undefined' ? true : navigator.onLine !== false, socketDown: false };
const listeners = new Set<() => void>();

function set(next: Partial<ConnectionState>): void {
  const merged = { ...state, ...next };
  if (merged.online === state.online && merged.socketDown === state.socketDown) return;
  state = merged;
  for (const l of listeners) l();
}

export function reportSocket(up: boolean): void {
  set({ socketDown: !up });
}

export function reportOnline(online: boolean): void {
  set({ online });
}

export function connectionState(): ConnectionState {
  return state;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribe, connectionState, connectionState);
}
