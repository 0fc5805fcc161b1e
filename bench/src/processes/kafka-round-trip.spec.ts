import { roundTripTopics } from './kafka-round-trip';

describe('roundTripTopics', () => {
  it('chains two relays from the request to the reply: three produce → consume hops, like the saga’s events before OrderConfirmed', () => {
    const { request, reply, topics, relays } = roundTripTopics('bench-r1.');
    expect(topics).toHaveLength(3);
    expect(relays.map(({ from }) => from)).toEqual(topics.slice(0, -1));
    expect(relays.map(({ to }) => to)).toEqual(topics.slice(1));
    expect([topics[0], topics[topics.length - 1]]).toEqual([request, reply]);
    for (const topic of topics) expect(topic.startsWith('bench-r1.')).toBe(true);
  });
});
