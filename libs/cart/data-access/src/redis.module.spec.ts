import { CART_REDIS_POLICY } from './redis.module';

describe('the cart’s Redis connection', () => {
  it('fails a command after one reconnection attempt, and never sends an unanswered command again', () => {
    expect(CART_REDIS_POLICY).toMatchObject({ maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false });
  });
});
