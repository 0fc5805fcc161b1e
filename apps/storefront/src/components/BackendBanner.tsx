import { useBackendStatus } from '../api/trace-store';

export function BackendBanner() {
  if (useBackendStatus() === 'up') return null;
  return (
    <div className="banner banner--down" role="alert">
      <strong>The store’s backend is unavailable.</strong> Browsing and checkout will work again as soon as it is back; your cart is kept.
    </div>
  );
}
