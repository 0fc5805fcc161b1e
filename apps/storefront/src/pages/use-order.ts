import type { OrderView } from '@bazaar/contracts';
import { useEffect, useState } from 'react';
import type { ApiError } from '../api/http';
import { storeApi } from '../api/store-api';
import { asApiError } from '../api/use-api';
import { pollDelayMs } from '../lib/poll-delay';

export interface OrderState {
  order: OrderView | null;
  error: ApiError | null;
}

/** The order, asked for again while it is PENDING until the saga settles it as CONFIRMED or CANCELLED. */
export function useOrder(orderId: string): OrderState {
  const [state, setState] = useState<OrderState & { orderId: string }>({
    orderId,
    order: null,
    error: null,
  });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;

    async function poll() {
      try {
        const order = await storeApi.order(orderId, {
          signal: controller.signal,
        });
        if (controller.signal.aborted) return;
        setState({ orderId, order, error: null });
        if (order.status === 'PENDING') timer = setTimeout(poll, pollDelayMs(++attempt));
      } catch (failure) {
        if (controller.signal.aborted) return;
        const error = asApiError(failure);
        setState((current) => ({
          orderId,
          order: current.orderId === orderId ? current.order : null,
          error,
        }));
        // A backend that is down comes back; keep asking, slowly. Anything else (404) is final.
        if (error.backendDown) timer = setTimeout(poll, pollDelayMs(Number.MAX_SAFE_INTEGER));
      }
    }

    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [orderId]);

  return state.orderId === orderId ? state : { order: null, error: null };
}
