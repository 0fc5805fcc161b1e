import type { ProductSort } from '@bazaar/contracts';
import { useCallback } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { storeApi } from '../api/store-api';
import { useCategories } from '../state/categories-context';
import { usePageTitle } from './page-title';
import { NoResults, ProductList } from './ProductList';
import { PAGE_SIZE, usePagedProducts } from './use-paged-products';

const SORTS: { value: ProductSort; label: string }[] = [
  { value: 'newest', label: 'Newest' },
  { value: 'price_asc', label: 'Price: low to high' },
  { value: 'price_desc', label: 'Price: high to low' },
  { value: 'name', label: 'Name' },
];

function sortFrom(value: string | null): ProductSort {
  return SORTS.find((sort) => sort.value === value)?.value ?? 'newest';
}

export function CategoryPage() {
  const { categoryId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const sort = sortFrom(params.get('sort'));
  const categories = useCategories();
  const category = categories?.find((c) => c.id === categoryId);
  usePageTitle(category?.name ?? 'Category');

  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) => storeApi.products(categoryId, sort, PAGE_SIZE, cursor, { signal }),
    [categoryId, sort],
  );
  const paged = usePagedProducts(`${categoryId}|${sort}`, fetchPage);

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Home</Link> <span aria-hidden="true">/</span> <span aria-current="page">{category?.name ?? categoryId}</span>
      </nav>
      <header className="page-header page-header--with-tools">
        <div>
          <h1 className="page-title">{category?.name ?? (categories ? 'Category' : '\u00a0')}</h1>
          {category && (
            <p className="page-lead">
              {category.description} · {category.productCount} products
            </p>
          )}
        </div>
        <label className="sort">
          <span className="sort__label">Sort by</span>
          <select className="select" value={sort} onChange={(e) => setParams(e.target.value === 'newest' ? {} : { sort: e.target.value }, { replace: true })}>
            {SORTS.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ProductList
        paged={paged}
        label={category ? `${category.name} products` : 'Products'}
        empty={
          <NoResults title="Nothing here yet">
            {
              <p>
                This category has no products. <Link to="/">Browse the others</Link>.
              </p>
            }
          </NoResults>
        }
      />
    </>
  );
}
