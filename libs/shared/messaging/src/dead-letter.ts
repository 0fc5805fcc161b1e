import { IncomingMessage } from './event-consumer';
import { OutgoingMessage } from './event-publisher';

export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

/** Headers a parked message gets on top of its original ones. */
export const DeadLetterHeaders = {
  reason: 'dlq-reason',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
} as const;

/** The original key, bytes and headers, plus why and where it failed, so it can be inspected and replayed. */
export function deadLetterOf(message: IncomingMessage, consumerGroup: string, reason: string): OutgoingMessage {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [DeadLetterHeaders.reason]: reason,
      [DeadLetterHeaders.topic]: message.topic,
      [DeadLetterHeaders.partition]: String(message.partition),
      [DeadLetterHeaders.offset]: message.offset,
      [DeadLetterHeaders.consumerGroup]: consumerGroup,
      [DeadLetterHeaders.failedAt]: new Date().toISOString(),
    },
  };
}
