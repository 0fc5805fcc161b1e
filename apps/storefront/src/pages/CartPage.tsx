import type { CartLineView, PriceChange } from '@bazaar/contracts';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { asApiError } from '../api/use-api';
import { Price } from '../components/Price';
import { QuantityStepper } from '../components/QuantityStepper';
import { EmptyState, ErrorState } from '../components/States';
import { cartPriceChanges, type PriceChangedState } from '../lib/price-changes';
import { useCart } from '../state/cart-context';
import { usePageTitle } from './page-title';

export function CartPage() {
  usePageTitle('Your cart');
  const { cart, error, refresh } = useCart();
  const navigate = useNavigate();
  // Set by checkout when it was refused with PRICE_CHANGED (see CheckoutPage).
  const fromCheckout = (useLocation().state as PriceChangedState | null)?.priceChanges;
  // The cart may have changed elsewhere (another tab, an order that took its lines): load it fresh.
  useEffect(() => {
    void refresh(true);
  }, [refresh]);

  if (!cart && error) return <ErrorState error={error} onRetry={() => void refresh(true)} />;
  if (!cart) return <CartSkeleton />;
  if (cart.lines.length === 0) {
    return (
      <EmptyState title="Your cart is empty">
        <p>
          Find something you like in <Link to="/">the store</Link>, or look at <Link to="/orders">your orders</Link>.
        </p>
      </EmptyState>
    );
  }

  const unavailable = cart.lines.filter((line) => !line.available);
  const priceChanges = cartPriceChanges(cart, fromCheckout);
  // After a refusal the shopper must be able to accept even when neither the cart (cached prices)
  // nor the refusal (no details) names the lines: accepting asks catalog afresh.
  const mustAcceptPrices = priceChanges.length > 0 || fromCheckout !== undefined;
  return (
    <>
      <header className="page-header">
        <h1 className="page-title">Your cart</h1>
      </header>
      <div className="cart-layout">
        <ul className="cart-lines" aria-label="Products in your cart">
          {cart.lines.map((line) => (
            <CartLine key={line.productId} line={line} />
          ))}
        </ul>
        <aside className="summary" aria-label="Order summary">
          <h2 className="summary__title">Summary</h2>
          <dl className="summary__rows">
            <div className="summary__row">
              <dt>Items</dt>
              <dd>{cart.itemCount}</dd>
            </div>
            <div className="summary__row">
              <dt>Shipping</dt>
              <dd>Free</dd>
            </div>
            <div className="summary__row summary__row--total">
              <dt>Subtotal</dt>
              <dd>
                <Price money={cart.subtotal} />
              </dd>
            </div>
          </dl>
          {unavailable.length > 0 && (
            <p className="form-error" role="alert" data-testid="checkout-blocked">
              {unavailable.map((line) => line.name).join(', ')} {unavailable.length === 1 ? 'is' : 'are'} out of stock in the quantity you chose. Lower the
              quantity or remove {unavailable.length === 1 ? 'it' : 'them'} to check out.
            </p>
          )}
          {mustAcceptPrices && <PriceChanges changes={priceChanges} onAccepted={() => void navigate('/cart', { replace: true })} />}
          <button
            type="button"
            className="button button--primary button--block"
            disabled={unavailable.length > 0 || mustAcceptPrices}
            onClick={() => void navigate('/checkout')}
          >
            Check out
          </button>
          <Link to="/" className="summary__continue">
            Continue shopping
          </Link>
        </aside>
      </div>
    </>
  );
}

function CartLine({ line }: { line: CartLineView }) {
  const { setQuantity, remove } = useCart();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function change(update: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await update();
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`cart-line${line.available ? '' : ' cart-line--unavailable'}`} data-product-id={line.productId}>
      <img className="cart-line__image" src={line.image ?? ''} alt="" width={96} height={96} />
      <div className="cart-line__info">
        <Link to={`/p/${line.slug}`} className="cart-line__name">
          {line.name}
        </Link>
        <span className="muted">
          <Price money={line.unitPrice} /> each
        </span>
        {line.priceChanged && (
          <span className="notice">
            Price changed: <s><Price money={line.priceWhenAdded} /></s> → <Price money={line.unitPrice} />
          </span>
        )}
        {!line.available && <span className="stock stock--out">Out of stock in this quantity</span>}
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
      </div>
      <div className="cart-line__controls">
        <QuantityStepper
          value={line.quantity}
          onChange={(quantity) => void change(() => setQuantity(line.productId, quantity))}
          disabled={busy}
          label={`Quantity of ${line.name}`}
        />
        <button type="button" className="link-button" onClick={() => void change(() => remove(line.productId))} disabled={busy}>
          Remove<span className="visually-hidden"> {line.name}</span>
        </button>
      </div>
      <Price money={line.lineTotal} className="cart-line__total" />
    </li>
  );
}

/** The prices that moved since the shopper added the products, old → new, and the button that accepts them. */
function PriceChanges({ changes, onAccepted }: { changes: PriceChange[]; onAccepted: () => void }) {
  const { acceptPrices } = useCart();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      await acceptPrices();
      onAccepted();
    } catch (failure) {
      setError(asApiError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="banner price-changes" role="status" data-testid="price-changes">
      <strong>Prices changed since you added {changes.length === 1 ? 'this product' : 'these products'}.</strong>
      {changes.length > 0 && (
        <ul className="price-changes__lines">
          {changes.map(({ productId, name, oldPrice, newPrice }) => (
            <li key={productId} data-product-id={productId}>
              {name}: <s><Price money={oldPrice} /></s> → <Price money={newPrice} />
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span className="form-error" role="alert">
          {error}
        </span>
      )}
      <button type="button" className="button button--block" onClick={() => void accept()} disabled={busy}>
        {busy ? 'Accepting…' : 'Accept new prices'}
      </button>
    </div>
  );
}

function CartSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading your cart">
      <span className="skeleton skeleton--title" />
      {[0, 1].map((i) => (
        <div key={i} className="cart-line cart-line--skeleton">
          <span className="skeleton cart-line__image" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}
