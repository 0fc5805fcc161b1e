import type { DeclineReason, Money, PaymentMethod, PaymentStatus, PaymentsView } from '@bazaar/contracts';
import type { AuthorizeRequest } from './card-provider';
import { declineMessage } from './decline-message';

/**
 * The payment of one order as plain data; it changes only through the functions below. It joins
 * two facts that travel on different topics, in either order: the order (OrderPlaced: its total and
 * payment method) and its stock (StockReserved). Whichever comes second starts the authorization.
 */
export interface Payment {
  /** The order id: one payment per order. */
  orderId: string;
  status: PaymentStatus;
  /** Null until OrderPlaced is known. */
  amount: Money | null;
  /** The provider's reference, brand and last four digits; never a card number. Null without one. */
  method: PaymentMethod | null;
  stockReserved: boolean;
  /** Calls to the provider to authorize, transient failures included. */
  attempts: number;
  declineReason: DeclineReason | null;
  declineMessage: string | null;
  authorizationId: string | null;
}

/** The order as OrderPlaced tells it. */
export interface PlacedOrder {
  orderId: string;
  total: Money;
  payment?: PaymentMethod;
}

/** Where each state may go. CANCELLED → VOIDED: an authorization that arrived after the cancellation is voided. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  AWAITING_ORDER: ['AUTHORIZING', 'CANCELLED'],
  AWAITING_STOCK: ['AUTHORIZING', 'CANCELLED'],
  AUTHORIZING: ['AUTHORIZED', 'DECLINED', 'CANCELLED'],
  AUTHORIZED: ['VOIDED'],
  DECLINED: [],
  VOIDED: [],
  CANCELLED: ['VOIDED'],
};

/**
 * `changed` carries the new state, to be stored conditionally on `from`; `unchanged`: already there
 * (a repeated event); `rejected`: a move the table does not allow, with the states involved.
 */
export type PaymentTransition =
  | { outcome: 'changed'; payment: Payment; from: PaymentStatus }
  | { outcome: 'unchanged'; payment: Payment }
  | { outcome: 'rejected'; reason: string; fromState: PaymentStatus; toState: PaymentStatus };

const blank = (orderId: string, status: PaymentStatus): Payment => ({
  orderId,
  status,
  amount: null,
  method: null,
  stockReserved: false,
  attempts: 0,
  declineReason: null,
  declineMessage: null,
  authorizationId: null,
});

const orderFacts = ({ total, payment }: PlacedOrder): Pick<Payment, 'amount' | 'method'> => ({ amount: { ...total }, method: payment ? { ...payment } : null });

/** OrderPlaced came first: the payment waits for the stock. */
export const paymentAwaitingStock = (order: PlacedOrder): Payment => ({ ...blank(order.orderId, 'AWAITING_STOCK'), ...orderFacts(order) });

/** StockReserved came first: the payment waits for the order. */
export const paymentAwaitingOrder = (orderId: string): Payment => ({ ...blank(orderId, 'AWAITING_ORDER'), stockReserved: true });

/** OrderCancelled came before anything else: a later OrderPlaced or StockReserved finds it final. */
export const paymentCancelledUnseen = (orderId: string): Payment => blank(orderId, 'CANCELLED');

export const isAwaiting = (status: PaymentStatus) => status === 'AWAITING_ORDER' || status === 'AWAITING_STOCK';

function transition(payment: Payment, toState: PaymentStatus, changes: Partial<Payment> = {}): PaymentTransition {
  if (!PAYMENT_TRANSITIONS[payment.status].includes(toState)) {
    return { outcome: 'rejected', reason: `Payment of order ${payment.orderId} is ${payment.status} and cannot become ${toState}`, fromState: payment.status, toState };
  }
  return { outcome: 'changed', payment: { ...payment, ...changes, status: toState }, from: payment.status };
}

/** The other fact is already known: both are now, so the authorization starts. A repeated fact, or one for a decided payment, changes nothing. */
function join(payment: Payment, alreadyKnown: boolean, changes: Partial<Payment>): PaymentTransition {
  if (!isAwaiting(payment.status) || alreadyKnown) return { outcome: 'unchanged', payment };
  return transition(payment, 'AUTHORIZING', changes);
}

export const joinOrderPlaced = (payment: Payment, order: PlacedOrder): PaymentTransition => join(payment, payment.amount !== null, orderFacts(order));

export const joinStockReserved = (payment: Payment): PaymentTransition => join(payment, payment.stockReserved, { stockReserved: true });

export const authorizeKey = (orderId: string) => `authorize:${orderId}`;
export const voidKey = (orderId: string) => `void:${orderId}`;

/** What an AUTHORIZING payment asks the provider; none when there is no card to charge (declined NO_PAYMENT_METHOD). */
export function authorizationRequest(payment: Payment): AuthorizeRequest | null {
  if (payment.status !== 'AUTHORIZING' || !payment.amount || !payment.method) return null;
  return { idempotencyKey: authorizeKey(payment.orderId), paymentMethodId: payment.method.id, amount: payment.amount };
}

/**
 * A CANCELLED payment whose authorization was asked for but never recorded: the delivery that asked
 * stopped (a crash) before storing the answer, and the cancellation landed meanwhile. Asking again
 * with the same key gets the provider's first answer, so an approval can still be voided.
 */
export function unsettledAuthorization(payment: Payment): AuthorizeRequest | null {
  if (payment.status !== 'CANCELLED' || payment.attempts === 0 || payment.authorizationId !== null || !payment.amount || !payment.method) return null;
  return { idempotencyKey: authorizeKey(payment.orderId), paymentMethodId: payment.method.id, amount: payment.amount };
}

export function authorizePayment(payment: Payment, authorizationId: string): PaymentTransition {
  if (payment.status === 'AUTHORIZED' && payment.authorizationId === authorizationId) return { outcome: 'unchanged', payment };
  return transition(payment, 'AUTHORIZED', { authorizationId });
}

export function declinePayment(payment: Payment, reason: DeclineReason): PaymentTransition {
  if (payment.status === 'DECLINED') return { outcome: 'unchanged', payment };
  return transition(payment, 'DECLINED', { declineReason: reason, declineMessage: declineMessage(reason, payment.method) });
}

/**
 * OrderCancelled: a payment not yet authorized is CANCELLED and never authorized later; an
 * authorized one must be voided at the provider first (`void`), then recorded with voidPayment.
 */
export function cancelPayment(payment: Payment): PaymentTransition | { outcome: 'void'; payment: Payment; authorizationId: string } {
  if (payment.status === 'AUTHORIZED' && payment.authorizationId) return { outcome: 'void', payment, authorizationId: payment.authorizationId };
  if (payment.status === 'CANCELLED' || payment.status === 'VOIDED' || payment.status === 'DECLINED') return { outcome: 'unchanged', payment };
  return transition(payment, 'CANCELLED');
}

/** The provider voided `authorizationId`: after an authorization, or after a cancellation that won the race against it. */
export function voidPayment(payment: Payment, authorizationId: string): PaymentTransition {
  if (payment.status === 'VOIDED') return { outcome: 'unchanged', payment };
  return transition(payment, 'VOIDED', { authorizationId });
}

export function toPaymentsView(payment: Payment, updatedAt: Date): PaymentsView {
  const { orderId, status, amount, method, declineReason, attempts } = payment;
  return { id: orderId, status, amount, brand: method?.brand ?? null, last4: method?.last4 ?? null, declineReason, attempts, updatedAt: updatedAt.toISOString() };
}
