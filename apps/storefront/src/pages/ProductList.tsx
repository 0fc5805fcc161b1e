import type { ReactNode } from 'react';
import { ProductGrid, ProductGridSkeleton } from '../components/ProductCard';
import { EmptyState, ErrorState } from '../components/States';
import type { PagedProducts } from './use-paged-products';

/** A paged list of products with its loading, empty, error and "load more" states. */
export function ProductList({ paged, label, empty }: { paged: PagedProducts; label: string; empty: ReactNode }) {
  if (paged.status === 'loading') return <ProductGridSkeleton />;
  if (paged.status === 'error' && paged.error) return <ErrorState error={paged.error} onRetry={paged.reload} />;
  if (paged.items.length === 0) return <>{empty}</>;
  return (
    <>
      <ProductGrid products={paged.items} label={label} />
      {paged.error && (
        <p className="form-error" role="alert">
          {paged.error.message}
        </p>
      )}
      {paged.hasMore && (
        <div className="load-more">
          <button type="button" className="button button--secondary" onClick={paged.loadMore} disabled={paged.loadingMore}>
            {paged.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </>
  );
}

export function NoResults({ title, children }: { title: string; children?: ReactNode }) {
  return <EmptyState title={title}>{children}</EmptyState>;
}
