import { createRequire } from 'node:module';
import { fixKafkaIdleTimers } from './kafka-idle-timer.fix';

/** kafkajs' own RequestQueue, the class every broker connection queues its requests in. */
const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as new (options: object) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  checkPendingRequests(): void;
  destroy(): void;
};

const logger = { debug: () => undefined, warn: () => undefined, error: () => undefined, info: () => undefined };
const newQueue = () =>
  new RequestQueue({ instrumentationEmitter: { emit: () => undefined }, maxInFlightRequests: 1, requestTimeout: 1000, enforceRequestTimeout: false, clientId: 't', broker: 'b', logger, isConnected: () => true });

describe('fixKafkaIdleTimers', () => {
  afterEach(() => jest.restoreAllMocks());

  it('applies to the kafkajs release installed here', () => {
    expect(fixKafkaIdleTimers()).toBe(true);
  });

  it('arms no timer after an answer when nothing is pending (kafkajs armed a 1 ms one, every time)', () => {
    fixKafkaIdleTimers();
    const queue = newQueue();
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    queue.checkPendingRequests();
    expect(setTimeoutSpy).not.toHaveBeenCalled();
    expect(queue.throttleCheckTimeoutId).toBeFalsy();
    queue.destroy();
  });

  it('still checks later when requests wait, or when a throttle is to be waited out', () => {
    fixKafkaIdleTimers();
    const waiting = newQueue();
    waiting.pending.push({});
    waiting.throttledUntil = Date.now() + 60_000;
    waiting.checkPendingRequests();
    expect(waiting.throttleCheckTimeoutId).toBeTruthy();
    waiting.destroy();

    const throttled = newQueue();
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.checkPendingRequests();
    expect(throttled.throttleCheckTimeoutId).toBeTruthy();
    throttled.destroy();
  });
});
