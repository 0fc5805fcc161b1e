import { type FormEvent, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import type { ApiError } from '../api/http';
import { storeApi } from '../api/store-api';
import { asApiError } from '../api/use-api';
import { Price } from '../components/Price';
import {
  cardErrorsOf,
  type CheckoutErrors,
  type CheckoutField,
  type CheckoutForm,
  EMPTY_CHECKOUT_FORM,
  toCustomer,
  toPayment,
  validateCheckout,
} from '../lib/checkout-form';
import { shippingCountries } from '../lib/countries';
import { newIdempotencyKey } from '../lib/idempotency-key';
import { TEST_CARD_OUTCOMES } from '../lib/test-cards';
import { type PriceChangedState, priceChangesOf } from '../lib/price-changes';
import { useCart } from '../state/cart-context';
import { usePageTitle } from './page-title';

const FIELD_ORDER: CheckoutField[] = ['name', 'email', 'line1', 'line2', 'city', 'postalCode', 'country', 'cardNumber', 'expiry', 'cvc'];

export function CheckoutPage() {
  usePageTitle('Checkout');
  const { cart, refresh } = useCart();
  const navigate = useNavigate();
  const [form, setForm] = useState<CheckoutForm>(EMPTY_CHECKOUT_FORM);
  const [errors, setErrors] = useState<CheckoutErrors>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [placing, setPlacing] = useState(false);
  const countries = useMemo(() => shippingCountries(), []);
  // One key for this checkout: a retry after a timeout or a double click places the same order, not a second one.
  const idempotencyKey = useRef(newIdempotencyKey());
  const formRef = useRef<HTMLFormElement>(null);

  if (!cart) return <div className="skeleton skeleton--block" aria-busy="true" aria-label="Loading checkout" />;
  if (cart.lines.length === 0 && !placing) return <Navigate to="/cart" replace />;
  const unavailable = cart.lines.filter((line) => !line.available);

  const update = (field: CheckoutField) => (value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  async function placeOrder(event: FormEvent) {
    event.preventDefault();
    setServerError(null);
    if (!showErrors(validateCheckout(form))) return;
    setPlacing(true);
    try {
      const { orderId } = await storeApi.checkout(toCustomer(form), toPayment(form), idempotencyKey.current);
      void refresh();
      void navigate(`/orders/${orderId}`, { replace: true });
    } catch (failure) {
      const error = asApiError(failure);
      // A card the server refused is shown on its field; anything else above the form.
      if (showErrors(cardErrorsOf(error))) setServerError(error);
      setPlacing(false);
    }
  }

  /** Shows the errors and focuses the first field that has one; true when there is none. */
  function showErrors(found: CheckoutErrors): boolean {
    setErrors(found);
    const firstInvalid = FIELD_ORDER.find((field) => found[field]);
    formRef.current?.querySelector<HTMLElement>(`[name="${firstInvalid}"]`)?.focus();
    return !firstInvalid;
  }

  const field = (name: CheckoutField, label: string, props: { type?: string; autoComplete: string; optional?: boolean; inputMode?: 'numeric'; placeholder?: string }) => (
    <TextField name={name} label={label} value={form[name]} error={errors[name]} onChange={update(name)} {...props} />
  );

  return (
    <>
      <header className="page-header">
        <h1 className="page-title">Checkout</h1>
      </header>
      <div className="cart-layout">
        <form ref={formRef} className="checkout-form" onSubmit={placeOrder} noValidate aria-describedby={serverError ? 'checkout-server-error' : undefined}>
          {serverError && (
            <div id="checkout-server-error" className="banner banner--error" role="alert">
              <strong>We could not place your order.</strong> {serverError.message}
              {serverError.status === 409 && (
                <>
                  {' '}
                  <CartLink error={serverError} />
                </>
              )}
            </div>
          )}
          <fieldset className="fieldset">
            <legend>Contact</legend>
            {field('name', 'Full name', { autoComplete: 'name' })}
            {field('email', 'Email', { type: 'email', autoComplete: 'email' })}
          </fieldset>
          <fieldset className="fieldset">
            <legend>Shipping address</legend>
            {field('line1', 'Street address', {
              autoComplete: 'address-line1',
            })}
            {field('line2', 'Apartment, suite, etc.', {
              autoComplete: 'address-line2',
              optional: true,
            })}
            <div className="field-row">
              {field('postalCode', 'Postal code', {
                autoComplete: 'postal-code',
              })}
              {field('city', 'City', { autoComplete: 'address-level2' })}
            </div>
            <div className="field">
              <label htmlFor="checkout-country">Country</label>
              <select
                id="checkout-country"
                name="country"
                className="select"
                value={form.country}
                onChange={(e) => update('country')(e.target.value)}
                autoComplete="country"
                aria-invalid={errors.country ? true : undefined}
                aria-describedby={errors.country ? 'checkout-country-error' : undefined}
              >
                <option value="">Choose a country</option>
                {countries.map(({ code, name }) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
              {errors.country && (
                <span id="checkout-country-error" className="field__error">
                  {errors.country}
                </span>
              )}
            </div>
          </fieldset>
          <fieldset className="fieldset">
            <legend>Payment</legend>
            {field('cardNumber', 'Card number', { autoComplete: 'cc-number', inputMode: 'numeric' })}
            <div className="field-row">
              {field('expiry', 'Expiry (MM/YY)', { autoComplete: 'cc-exp', placeholder: 'MM/YY' })}
              {field('cvc', 'CVC', { autoComplete: 'cc-csc', inputMode: 'numeric' })}
            </div>
            <div className="test-cards" data-testid="test-cards">
              <p className="muted">
                This store pays with a simulated card provider: no card is charged. Use any future expiry and any CVC with one of these test cards:
              </p>
              <ul>
                {TEST_CARD_OUTCOMES.map(({ number, outcome }) => (
                  <li key={number}>
                    <button type="button" className="link-button" onClick={() => update('cardNumber')(number)} aria-label={`Use test card ${number}, ${outcome}`}>
                      <code>{number}</code>
                    </button>{' '}
                    {outcome}
                  </li>
                ))}
              </ul>
            </div>
          </fieldset>
          {unavailable.length > 0 && (
            <p className="form-error" role="alert">
              {unavailable.map((line) => line.name).join(', ')} {unavailable.length === 1 ? 'is' : 'are'} out of stock in the quantity you chose.{' '}
              <Link to="/cart">Change your cart</Link> to check out.
            </p>
          )}
          <button type="submit" className="button button--primary button--large button--block" disabled={placing || unavailable.length > 0}>
            {placing ? 'Placing your order…' : 'Place order'}
          </button>
        </form>
        <aside className="summary" aria-label="Order summary">
          <h2 className="summary__title">Your order</h2>
          <ul className="summary__lines">
            {cart.lines.map((line) => (
              <li key={line.productId} className="summary__line">
                <span>
                  {line.quantity} × {line.name}
                </span>
                <Price money={line.lineTotal} />
              </li>
            ))}
          </ul>
          <dl className="summary__rows">
            <div className="summary__row">
              <dt>Shipping</dt>
              <dd>Free</dd>
            </div>
            <div className="summary__row summary__row--total">
              <dt>Total</dt>
              <dd>
                <Price money={cart.subtotal} />
              </dd>
            </div>
          </dl>
        </aside>
      </div>
    </>
  );
}

/** Back to the cart; after PRICE_CHANGED the cart shows the changed prices and the button that accepts them. */
function CartLink({ error }: { error: ApiError }) {
  const priceChanges = priceChangesOf(error);
  if (!priceChanges) return <Link to="/cart">Review your cart</Link>;
  const state: PriceChangedState = { priceChanges };
  return (
    <Link to="/cart" state={state} data-testid="accept-prices-link">
      Review and accept the new prices
    </Link>
  );
}

interface TextFieldProps {
  name: CheckoutField;
  label: string;
  value: string;
  error?: string;
  onChange(value: string): void;
  type?: string;
  autoComplete: string;
  optional?: boolean;
  inputMode?: 'numeric';
  placeholder?: string;
}

function TextField({ name, label, value, error, onChange, type = 'text', autoComplete, optional, inputMode, placeholder }: TextFieldProps) {
  const id = `checkout-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className="muted"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        inputMode={inputMode}
        placeholder={placeholder}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}
