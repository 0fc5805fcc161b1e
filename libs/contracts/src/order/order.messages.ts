import { z } from 'zod';
import { Money } from '../money';
import { CardBrand, paymentMethodSchema } from '../payments/payment-card';

/** Request/response patterns the order service answers on its microservice transport. */
export const OrderPatterns = {
  /** Places an order from a cart; the gateway answers 202 with the reply. */
  checkout: 'order.checkout',
  get: 'order.get',
  /** The anonymous shopper's orders, found by their cart id. */
  listByCart: 'order.listByCart',
} as const;

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const customerSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  address: z.object({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
  }),
});
export type Customer = z.output<typeof customerSchema>;

export const checkoutRequestSchema = z.object({
  cartId: z.string().min(1).max(100),
  /** The client's Idempotency-Key: a repeat returns the same order instead of placing another. */
  idempotencyKey: z.string().min(8).max(200),
  customer: customerSchema,
  /** The card as the provider knows it (payments' tokenizeCard): the order keeps brand and last four digits. */
  paymentMethod: paymentMethodSchema,
});
export type CheckoutRequest = z.output<typeof checkoutRequestSchema>;

export interface CheckoutReply {
  orderId: string;
  status: OrderStatus;
}

/** A line whose price moved since it was added to the cart. */
export interface PriceChange {
  productId: string;
  name: string;
  oldPrice: Money;
  newPrice: Money;
}

/** The `details` of a PRICE_CHANGED checkout error: accepting the prices (CartPatterns.acceptPrices) clears it. */
export interface PriceChangedDetails {
  changedLines: PriceChange[];
}

export const getOrderRequestSchema = z.object({ orderId: z.string().min(1).max(100) });
export type GetOrderRequest = z.output<typeof getOrderRequestSchema>;

export const listOrdersByCartRequestSchema = z.object({ cartId: z.string().min(1).max(100) });
export type ListOrdersByCartRequest = z.output<typeof listOrdersByCartRequestSchema>;

export interface OrderLineView {
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface OrderView {
  id: string;
  cartId: string;
  status: OrderStatus;
  /** Why the order was cancelled; null unless CANCELLED. */
  cancelReason: string | null;
  lines: OrderLineView[];
  total: Money;
  customer: Customer;
  /** The card it is paid with, as it may be shown; null for an order placed before payments existed. */
  payment: { brand: CardBrand; last4: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderList {
  items: OrderView[];
}
