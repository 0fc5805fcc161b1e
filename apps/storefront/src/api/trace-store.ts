import { useSyncExternalStore } from 'react';

/** The last request the store made and the trace the gateway opened for it (X-Trace-Id). */
export interface RequestTrace {
  request: string;
  traceId: string | null;
}

type Listener = () => void;

/** A tiny external store: the page footer shows the latest trace; the API client records it. */
function createStore<T>(initial: T) {
  let value = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const lastTrace = createStore<RequestTrace | null>(null);

/** 'down' after a 503 or a request that got no answer at all; 'up' again after the next answer. */
export const backendStatus = createStore<'up' | 'down'>('up');

export function useLastTrace(): RequestTrace | null {
  return useSyncExternalStore(lastTrace.subscribe, lastTrace.get);
}

export function useBackendStatus(): 'up' | 'down' {
  return useSyncExternalStore(backendStatus.subscribe, backendStatus.get);
}
