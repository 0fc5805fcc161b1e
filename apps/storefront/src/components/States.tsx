import type { ReactNode } from 'react';
import type { ApiError } from '../api/http';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <h2 className="state__title">{title}</h2>
      {children}
    </div>
  );
}

/** A failed load: what went wrong in words a shopper understands, and a way to try again. */
export function ErrorState({ error, onRetry, notFound }: { error: ApiError; onRetry?: () => void; notFound?: string }) {
  if (error.status === 404 && notFound) {
    return <EmptyState title={notFound}>{<p>It may have been removed, or the link is mistyped.</p>}</EmptyState>;
  }
  return (
    <div className="state state--error" role="alert">
      <h2 className="state__title">{error.backendDown ? 'The store is temporarily unavailable' : 'Something went wrong'}</h2>
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
