/** A Kafka topic as declared in code: services create it at start when it is missing. */
export interface EventTopic {
  topic: string;
  numPartitions: number;
}

/** Order's integration events (OrderPlaced, OrderConfirmed, OrderCancelled), keyed by order id. */
export const ORDERS_TOPIC: EventTopic = { topic: 'orders.v1', numPartitions: 6 };

/** Catalog's stock events (StockReserved, StockRejected, StockReleased), keyed by order id. */
export const STOCK_TOPIC: EventTopic = { topic: 'stock.v1', numPartitions: 6 };

/** Catalog's product events (ProductPriceChanged), keyed by product id, so one product's changes stay in order. */
export const PRODUCTS_TOPIC: EventTopic = { topic: 'products.v1', numPartitions: 6 };

/** Events published by payments, keyed by orderId. */
export const PAYMENTS_TOPIC: EventTopic = { topic: 'payments.v1', numPartitions: 6 };
