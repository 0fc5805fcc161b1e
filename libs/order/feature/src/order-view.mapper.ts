import { OrderView } from '@bazaar/contracts';
import { lineTotal } from '@bazaar/order/domain';
import { StoredOrder } from '@bazaar/order/data-access';

export function toOrderView(order: StoredOrder): OrderView {
  const money = (amount: number) => ({ amount, currency: order.currency });
  return {
    id: order.id,
    cartId: order.cartId,
    status: order.status,
    cancelReason: order.cancelReason,
    lines: order.lines.map((line) => ({
      productId: line.productId,
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice),
      lineTotal: money(lineTotal(line)),
    })),
    total: money(order.total),
    customer: order.customer,
    payment: order.payment && { brand: order.payment.brand, last4: order.payment.last4 },
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
