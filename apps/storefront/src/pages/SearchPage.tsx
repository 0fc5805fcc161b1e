import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { storeApi } from '../api/store-api';
import { EmptyState } from '../components/States';
import { usePageTitle } from './page-title';
import { NoResults, ProductList } from './ProductList';
import { PAGE_SIZE, usePagedProducts } from './use-paged-products';

export function SearchPage() {
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  usePageTitle(q ? `Search: ${q}` : 'Search');
  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) =>
      q ? storeApi.search(q, PAGE_SIZE, cursor, { signal }) : Promise.resolve({ items: [], nextCursor: null }),
    [q],
  );
  const paged = usePagedProducts(q, fetchPage);

  if (!q) return <EmptyState title="Search the store">{<p>Type a few words in the search box above: “kettle”, “linen”, “lamp”…</p>}</EmptyState>;
  return (
    <>
      <header className="page-header">
        <h1 className="page-title">Results for “{q}”</h1>
      </header>
      <ProductList
        paged={paged}
        label={`Search results for ${q}`}
        empty={
          <NoResults title={`No products match “${q}”`}>
            <p>
              Check the spelling, try fewer words, or <Link to="/">browse the categories</Link>.
            </p>
          </NoResults>
        }
      />
    </>
  );
}
