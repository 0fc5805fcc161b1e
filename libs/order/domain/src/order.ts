import { Customer, Money, OrderStatus, PaymentMethod } from '@bazaar/contracts';
import { orderIdFor } from './order-id';

export interface OrderLine {
  productId: string;
  name: string;
  quantity: number;
  /** Integer minor units of the order's currency. */
  unitPrice: number;
}

/** The order aggregate as plain data; it changes only through the functions below. */
export interface Order {
  id: string;
  cartId: string;
  idempotencyKey: string;
  customer: Customer;
  currency: string;
  lines: OrderLine[];
  /** Integer minor units: the sum of quantity × unitPrice. */
  total: number;
  status: OrderStatus;
  cancelReason: string | null;
  /** The card as payments' provider knows it (never the card itself); null on orders placed before payments existed. */
  payment: PaymentMethod | null;
}

/** A broken invariant: a bug or bad input upstream, never an expected outcome. */
export class OrderInvariantError extends Error {
  override readonly name = 'OrderInvariantError';
}

export interface PlaceOrder {
  cartId: string;
  idempotencyKey: string;
  customer: Customer;
  lines: { productId: string; name: string; quantity: number; unitPrice: Money }[];
  payment: PaymentMethod;
}

const isMinorUnits = (n: number) => Number.isSafeInteger(n) && n >= 0;

export function placeOrder({ lines, ...order }: PlaceOrder): Order {
  if (lines.length === 0) throw new OrderInvariantError('An order needs at least one line');
  const currency = lines[0].unitPrice.currency;
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.productId)) throw new OrderInvariantError(`Product ${line.productId} appears on two lines`);
    seen.add(line.productId);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new OrderInvariantError(`Quantity of ${line.productId} must be a positive integer`);
    if (!isMinorUnits(line.unitPrice.amount)) throw new OrderInvariantError(`Price of ${line.productId} must be integer minor units`);
    if (line.unitPrice.currency !== currency) throw new OrderInvariantError(`Lines mix currencies ${currency} and ${line.unitPrice.currency}`);
  }
  const orderLines = lines.map(({ productId, name, quantity, unitPrice }) => ({ productId, name, quantity, unitPrice: unitPrice.amount }));
  const total = orderLines.reduce((sum, line) => sum + lineTotal(line), 0);
  if (!Number.isSafeInteger(total)) throw new OrderInvariantError('Order total is out of range');
  return { id: orderIdFor(order.cartId, order.idempotencyKey), ...order, currency, lines: orderLines, total, status: 'PENDING', cancelReason: null };
}

export const lineTotal = (line: Pick<OrderLine, 'quantity' | 'unitPrice'>) => line.quantity * line.unitPrice;

/**
 * The outcome of a transition, as a value: `changed` carries the new state; `unchanged` means the
 * order is already there (a repeated event: nothing to do); `rejected` is a transition the state
 * machine does not allow (see ORDER_TRANSITIONS), with the states it was asked to move between.
 */
export type TransitionResult =
  | { outcome: 'changed'; order: Order }
  | { outcome: 'unchanged'; order: Order }
  | { outcome: 'rejected'; reason: string; fromState: OrderStatus; toState: OrderStatus };

/** Where each state may go: a final state goes nowhere. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: [],
  CANCELLED: [],
};

/** The reason of an order cancelled because the saga (stock, then payment) did not answer before its deadline. */
export const TIMED_OUT = 'TIMED_OUT';

const VERB: Record<OrderStatus, string> = { PENDING: 'placed', CONFIRMED: 'confirmed', CANCELLED: 'cancelled' };

function transition(order: Order, toState: OrderStatus, changes: Partial<Order> = {}): TransitionResult {
  if (order.status === toState) return { outcome: 'unchanged', order };
  if (!ORDER_TRANSITIONS[order.status].includes(toState)) {
    return { outcome: 'rejected', reason: `Order ${order.id} is ${order.status} and cannot be ${VERB[toState]}`, fromState: order.status, toState };
  }
  return { outcome: 'changed', order: { ...order, ...changes, status: toState } };
}

export function confirmOrder(order: Order): TransitionResult {
  return transition(order, 'CONFIRMED');
}

export function cancelOrder(order: Order, reason: string): TransitionResult {
  if (reason.trim() === '') throw new OrderInvariantError('A cancellation needs a reason');
  return transition(order, 'CANCELLED', { cancelReason: reason });
}

/**
 * Cancels an order still PENDING at its deadline (`placedAt + timeoutMs`) with reason TIMED_OUT;
 * `unchanged` before the deadline and for an order already final (the sweep and catalog's answer
 * may race: whichever is applied first wins, the other finds the order final).
 */
export function timeOutOrder(order: Order, placedAt: Date, timeoutMs: number, now: Date): TransitionResult {
  if (order.status !== 'PENDING' || now.getTime() < placedAt.getTime() + timeoutMs) return { outcome: 'unchanged', order };
  return cancelOrder(order, TIMED_OUT);
}
