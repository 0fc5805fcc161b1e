import type { CategoryView, ProductView } from '@bazaar/contracts';
import { Link } from 'react-router';
import { storeApi } from '../api/store-api';
import { useApi } from '../api/use-api';
import { ProductGrid, ProductGridSkeleton } from '../components/ProductCard';
import { ErrorState } from '../components/States';
import { usePageTitle } from './page-title';

/** The newest products of the first few categories: a taste of the whole store in one row or two. */
const FEATURED_CATEGORIES = 5;
const FEATURED_PER_CATEGORY = 2;

interface Home {
  categories: CategoryView[];
  featured: ProductView[];
}

async function loadHome(signal: AbortSignal): Promise<Home> {
  const categories = await storeApi.categories({ signal });
  const pages = await Promise.all(
    categories.slice(0, FEATURED_CATEGORIES).map((category) => storeApi.products(category.id, 'newest', FEATURED_PER_CATEGORY, undefined, { signal })),
  );
  return { categories, featured: pages.flatMap((page) => page.items) };
}

export function HomePage() {
  usePageTitle(null);
  const home = useApi('home', loadHome);

  return (
    <>
      <section className="hero">
        <div className="hero__text">
          <h1 className="hero__title">Everyday things, made well.</h1>
          <p className="hero__lead">Kitchenware, lamps, tea and tools from independent makers — delivered from our shelves to your door.</p>
        </div>
      </section>

      {home.status === 'error' && <ErrorState error={home.error} onRetry={home.reload} />}

      <section aria-labelledby="categories-title" className="section">
        <h2 id="categories-title" className="section__title">
          Shop by category
        </h2>
        {home.status === 'loading' && <div className="category-tiles category-tiles--skeleton skeleton" aria-hidden="true" />}
        {home.status === 'ok' && (
          <ul className="category-tiles">
            {home.data.categories.map((category) => (
              <li key={category.id}>
                <Link to={`/c/${category.id}`} className="category-tile">
                  <span className="category-tile__name">{category.name}</span>
                  <span className="category-tile__description">{category.description}</span>
                  <span className="category-tile__count">{category.productCount} products</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="featured-title" className="section">
        <h2 id="featured-title" className="section__title">
          New in
        </h2>
        {home.status === 'loading' && <ProductGridSkeleton />}
        {home.status === 'ok' && <ProductGrid products={home.data.featured} label="New products" />}
      </section>
    </>
  );
}
