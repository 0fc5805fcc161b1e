import type { ProductView } from '@bazaar/contracts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { storeApi } from '../api/store-api';
import { asApiError, useApi } from '../api/use-api';
import { Price } from '../components/Price';
import { QuantityStepper } from '../components/QuantityStepper';
import { StockBadge } from '../components/StockBadge';
import { ErrorState } from '../components/States';
import { useCart } from '../state/cart-context';
import { useCategory } from '../state/categories-context';
import { usePageTitle } from './page-title';

export function ProductPage() {
  const { slug = '' } = useParams();
  const product = useApi(slug, (signal) => storeApi.productBySlug(slug, { signal }));
  usePageTitle(product.status === 'ok' ? product.data.name : product.status === 'error' ? 'Product not found' : 'Product');

  if (product.status === 'loading') return <ProductSkeleton />;
  if (product.status === 'error') return <ErrorState error={product.error} onRetry={product.reload} notFound="We could not find this product" />;
  return <ProductDetails key={product.data.id} product={product.data} />;
}

function ProductDetails({ product }: { product: ProductView }) {
  const { cart, add } = useCart();
  const category = useCategory(product.categoryId);
  const [quantity, setQuantity] = useState(1);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<{
    kind: 'ok' | 'error';
    text: string;
  } | null>(null);
  const inCart = cart?.lines.find((line) => line.productId === product.id)?.quantity ?? 0;
  const soldOut = product.stock <= 0;
  const attributes = Object.entries(product.attributes);

  async function addToCart() {
    setAdding(true);
    setMessage(null);
    try {
      await add(product.id, quantity);
      setMessage({ kind: 'ok', text: `Added ${quantity} to your cart.` });
    } catch (error) {
      setMessage({ kind: 'error', text: asApiError(error).message });
    } finally {
      setAdding(false);
    }
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Home</Link> <span aria-hidden="true">/</span> <Link to={`/c/${product.categoryId}`}>{category?.name ?? product.categoryId}</Link>{' '}
        <span aria-hidden="true">/</span> <span aria-current="page">{product.name}</span>
      </nav>
      <article className="product">
        <div className="product__media">
          <img className="product__image" src={product.images[0] ?? ''} alt={product.name} width={480} height={480} />
        </div>
        <div className="product__info">
          <h1 className="product__name">{product.name}</h1>
          <p className="product__price">
            <Price money={product.price} />
          </p>
          <p>
            <StockBadge stock={product.stock} />
          </p>
          <p className="product__description">{product.description}</p>

          <div className="product__buy">
            {!soldOut && (
              <QuantityStepper value={quantity} onChange={setQuantity} max={product.stock} label={`Quantity of ${product.name}`} disabled={adding} />
            )}
            <button type="button" className="button button--primary button--large" onClick={addToCart} disabled={soldOut || adding}>
              {soldOut ? 'Sold out' : adding ? 'Adding…' : 'Add to cart'}
            </button>
          </div>
          <div aria-live="polite" className="product__feedback">
            {message && (
              <p className={message.kind === 'ok' ? 'form-success' : 'form-error'}>
                {message.text} {message.kind === 'ok' && <Link to="/cart">View cart ({cart?.itemCount ?? 0})</Link>}
              </p>
            )}
            {!message && inCart > 0 && <p className="muted">You have {inCart} in your cart.</p>}
          </div>

          {attributes.length > 0 && (
            <dl className="attributes">
              {attributes.map(([name, value]) => (
                <div key={name} className="attributes__row">
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      </article>
    </>
  );
}

function ProductSkeleton() {
  return (
    <div className="product" aria-busy="true" aria-label="Loading product">
      <div className="product__media skeleton skeleton--image" />
      <div className="product__info">
        <span className="skeleton skeleton--title" />
        <span className="skeleton skeleton--line skeleton--short" />
        <span className="skeleton skeleton--line" />
        <span className="skeleton skeleton--line" />
      </div>
    </div>
  );
}
