import { type FormEvent, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';
import { BackendBanner } from '../components/BackendBanner';
import { TraceLink } from '../components/TraceLink';
import { useCart } from '../state/cart-context';
import { useCategories } from '../state/categories-context';

export function Layout() {
  const categories = useCategories() ?? [];
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  // Keyed by the query, so the box shows the words of the search on screen (and is cleared elsewhere).
  const query = pathname === '/search' ? (params.get('q') ?? '') : '';
  // A new page starts at the top, like a page load would. (Braces: newer browsers' scrollTo returns a
  // promise, which React would take for a cleanup function.)
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__bar container">
          <Link to="/" className="logo" aria-label="Bazaar home">
            <span className="logo__mark" aria-hidden="true" />
            Bazaar
          </Link>
          <SearchBox key={query} initialQuery={query} />
          <nav className="site-header__actions" aria-label="Your account">
            <NavLink to="/orders" className="header-link">
              Orders
            </NavLink>
            <CartLink />
          </nav>
        </div>
        <nav className="category-nav" aria-label="Categories">
          <ul className="category-nav__list container">
            {categories.map((category) => (
              <li key={category.id}>
                <NavLink to={`/c/${category.id}`} className="category-nav__link">
                  {category.name}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <BackendBanner />
      <main id="main" className="container main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container site-footer__inner">
          <p>Bazaar — a microservices reference store. Nothing here is for sale.</p>
          <p>
            <a href="/docs">API docs</a>
          </p>
          <TraceLink />
        </div>
      </footer>
    </>
  );
}

function SearchBox({ initialQuery }: { initialQuery: string }) {
  const navigate = useNavigate();
  const [q, setQ] = useState(initialQuery);

  function submit(event: FormEvent) {
    event.preventDefault();
    const words = q.trim();
    if (words) void navigate(`/search?q=${encodeURIComponent(words)}`);
  }

  return (
    <form className="search" role="search" onSubmit={submit}>
      <label htmlFor="search-input" className="visually-hidden">
        Search products
      </label>
      <input
        id="search-input"
        className="search__input"
        type="search"
        placeholder="Search kettles, lamps, tea…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        maxLength={100}
      />
      <button type="submit" className="search__button">
        Search
      </button>
    </form>
  );
}

function CartLink() {
  const { cart } = useCart();
  const count = cart?.itemCount ?? 0;
  return (
    <NavLink to="/cart" className="header-link cart-link" aria-label={`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
      Cart
      <span className="cart-link__count" aria-hidden="true" data-testid="cart-count">
        {count}
      </span>
    </NavLink>
  );
}
