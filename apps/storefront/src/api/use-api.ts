import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './http';

export type ApiState<T> = { status: 'loading' } | { status: 'ok'; data: T } | { status: 'error'; error: ApiError };

/**
 * Loads `load` for `key` (everything the load depends on, as a string). A new key or a reload
 * cancels the older request, and until the new answer arrives the state is 'loading', so a
 * fast click never shows the previous page's data.
 */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ApiState<T> & { reload: () => void } {
  const [attempt, setAttempt] = useState(0);
  const requestKey = `${key}#${attempt}`;
  const [result, setResult] = useState<{
    requestKey: string;
    state: ApiState<T>;
  } | null>(null);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => controller.signal.aborted || setResult({ requestKey, state: { status: 'ok', data } }),
      (error: unknown) =>
        controller.signal.aborted ||
        setResult({
          requestKey,
          state: { status: 'error', error: asApiError(error) },
        }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names everything `load` depends on
  }, [requestKey]);

  const state: ApiState<T> = result?.requestKey === requestKey ? result.state : { status: 'loading' };
  return { ...state, reload };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(500, 'CLIENT_ERROR', error instanceof Error ? error.message : String(error));
}
