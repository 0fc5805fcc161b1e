import type { Page, ProductView } from '@bazaar/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError } from '../api/http';
import { asApiError } from '../api/use-api';

export const PAGE_SIZE = 12;

export interface PagedProducts {
  status: 'loading' | 'ok' | 'error';
  items: ProductView[];
  error: ApiError | null;
  /** True while the next page is on its way. */
  loadingMore: boolean;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

interface Loaded {
  requestKey: string;
  status: 'ok' | 'error';
  items: ProductView[];
  cursor: string | null;
  error: ApiError | null;
}

/**
 * Keyset pagination as "Load more": each page continues from the previous page's cursor, so
 * products never repeat or go missing while the shopper reads. A new `key` (category and sort,
 * or search words) starts over from the first page.
 */
export function usePagedProducts(key: string, fetchPage: (cursor: string | undefined, signal?: AbortSignal) => Promise<Page<ProductView>>): PagedProducts {
  const [attempt, setAttempt] = useState(0);
  const requestKey = `${key}#${attempt}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchPage(undefined, controller.signal).then(
      (page) =>
        controller.signal.aborted ||
        setLoaded({
          requestKey,
          status: 'ok',
          items: page.items,
          cursor: page.nextCursor,
          error: null,
        }),
      (failure: unknown) =>
        controller.signal.aborted ||
        setLoaded({
          requestKey,
          status: 'error',
          items: [],
          cursor: null,
          error: asApiError(failure),
        }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names everything fetchPage depends on
  }, [requestKey]);

  const current = loaded?.requestKey === requestKey ? loaded : null;
  const cursor = current?.cursor ?? null;

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    fetchPage(cursor)
      .then(
        (page) =>
          setLoaded(
            (previous) =>
              previous && {
                ...previous,
                items: [...previous.items, ...page.items],
                cursor: page.nextCursor,
                error: null,
              },
          ),
        (failure: unknown) => setLoaded((previous) => previous && { ...previous, error: asApiError(failure) }),
      )
      .finally(() => setLoadingMore(false));
  }, [cursor, loadingMore, fetchPage]);

  return {
    status: current?.status ?? 'loading',
    items: current?.items ?? [],
    error: current?.error ?? null,
    loadingMore,
    hasMore: cursor !== null,
    loadMore,
    reload: () => setAttempt((n) => n + 1),
  };
}
