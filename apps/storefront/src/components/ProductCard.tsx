import type { ProductView } from '@bazaar/contracts';
import { Link } from 'react-router';
import { Price } from './Price';
import { StockBadge } from './StockBadge';

export function ProductCard({ product }: { product: ProductView }) {
  return (
    <li className="product-card">
      <Link to={`/p/${product.slug}`} className="product-card__link">
        <img className="product-card__image" src={product.images[0] ?? ''} alt="" loading="lazy" width={240} height={240} />
        <span className="product-card__name">{product.name}</span>
      </Link>
      <span className="product-card__meta">
        <Price money={product.price} />
        <StockBadge stock={product.stock} />
      </span>
    </li>
  );
}

export function ProductGrid({ products, label }: { products: ProductView[]; label: string }) {
  return (
    <ul className="product-grid" aria-label={label}>
      {products.map((product) => (
        <ProductCard key={product.id} product={product} />
      ))}
    </ul>
  );
}

export function ProductGridSkeleton({ count = 8 }: { count?: number }) {
  return (
    <ul className="product-grid" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <li key={i} className="product-card product-card--skeleton">
          <span className="skeleton skeleton--image" />
          <span className="skeleton skeleton--line" />
          <span className="skeleton skeleton--line skeleton--short" />
        </li>
      ))}
    </ul>
  );
}
