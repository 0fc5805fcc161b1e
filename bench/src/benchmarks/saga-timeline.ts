// eslint-disable-next-line no-restricted-imports -- the bench reads the saga's topics from outside, see kafka-outcomes.ts
import { Consumer, Kafka } from 'kafkajs';
import { OrderConfirmed, OrderPlaced, PaymentAuthorized, StockReserved } from '@bazaar/contracts';
import { median, round } from '../load/stats';

/** When the saga's events were decided (envelope occurredAt) and sent (Kafka timestamp), per order. */
type EventTimes = Partial<Record<'placed' | 'reserved' | 'authorized' | 'confirmed', { occurredAt: number; sentAt: number }>>;

const STEP_OF: Record<string, keyof EventTimes> = { [OrderPlaced.type]: 'placed', [StockReserved.type]: 'reserved', [PaymentAuthorized.type]: 'authorized', [OrderConfirmed.type]: 'confirmed' };

/** One checkout as the shopper saw it, in epoch ms. */
export interface CheckoutTimes {
  orderId: string;
  startedAt: number;
  acceptedAt: number;
  observedAt: number;
}

/** The median time of each step of a confirmed checkout, ms: where the latency goes. */
export interface SagaSteps {
  /** POST /api/checkout to 202: the order and its OrderPlaced written. */
  accepted: number;
  /**
   * OrderPlaced decided to on Kafka: order's outbox relay. Not from the 202: the relay is handed the
   * event as it is written, so it may reach Kafka before the 202 reaches the shopper.
   */
  placedSent: number;
  /** OrderPlaced on Kafka to StockReserved decided: catalog consumes and reserves. */
  reserved: number;
  /** StockReserved decided to on Kafka: catalog's outbox relay. */
  reservedSent: number;
  /** The later of OrderPlaced and StockReserved on Kafka to PaymentAuthorized decided: payments joins them and authorizes. */
  authorized: number;
  /** PaymentAuthorized decided to on Kafka: payments' outbox relay. */
  authorizedSent: number;
  /** PaymentAuthorized on Kafka to OrderConfirmed decided: order consumes and confirms. */
  confirmed: number;
  /** OrderConfirmed decided to on Kafka: order's outbox relay. */
  confirmedSent: number;
  /** OrderConfirmed on Kafka to the bench's consumer. */
  observed: number;
}

/** Reads the orders, stock and payments topics and records, per order, when each saga event was decided and sent. */
export class SagaTimeline {
  private readonly events = new Map<string, EventTimes>();
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `${this.topics[0]}.bench-timeline`, allowAutoTopicCreation: false });
    this.consumer = consumer;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => this.record(String(message.headers?.['event-type'] ?? ''), message.value, Number(message.timestamp)),
    });
    await joined;
  }

  /** One saga event as read from Kafka: its type header, its envelope, its Kafka timestamp. */
  record(eventType: string, value: Buffer | null, sentAt: number): void {
    const step = STEP_OF[eventType];
    if (!step || !value) return;
    const { occurredAt, data } = JSON.parse(value.toString('utf8')) as { occurredAt: string; data: { orderId: string } };
    const times = this.events.get(data.orderId) ?? {};
    times[step] = { occurredAt: Date.parse(occurredAt), sentAt };
    this.events.set(data.orderId, times);
  }

  /** The median of each step over the given checkouts (those whose four events were all seen). */
  steps(checkouts: readonly CheckoutTimes[]): SagaSteps | undefined {
    const complete = checkouts.flatMap((checkout) => {
      const { placed, reserved, authorized, confirmed } = this.events.get(checkout.orderId) ?? {};
      return placed && reserved && authorized && confirmed ? [{ checkout, placed, reserved, authorized, confirmed }] : [];
    });
    if (complete.length === 0) return undefined;
    const of = (step: (entry: (typeof complete)[number]) => number) => round(median(complete.map(step)));
    return {
      accepted: of(({ checkout }) => checkout.acceptedAt - checkout.startedAt),
      placedSent: of(({ placed }) => placed.sentAt - placed.occurredAt),
      reserved: of(({ placed, reserved }) => reserved.occurredAt - placed.sentAt),
      reservedSent: of(({ reserved }) => reserved.sentAt - reserved.occurredAt),
      authorized: of(({ placed, reserved, authorized }) => authorized.occurredAt - Math.max(placed.sentAt, reserved.sentAt)),
      authorizedSent: of(({ authorized }) => authorized.sentAt - authorized.occurredAt),
      confirmed: of(({ authorized, confirmed }) => confirmed.occurredAt - authorized.sentAt),
      confirmedSent: of(({ confirmed }) => confirmed.sentAt - confirmed.occurredAt),
      observed: of(({ checkout, confirmed }) => checkout.observedAt - confirmed.sentAt),
    };
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
