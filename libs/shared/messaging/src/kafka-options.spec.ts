import { groupTiming } from './kafka-options';

describe('groupTiming', () => {
  it("keeps kafkajs' defaults when no session is given", () => {
    expect(groupTiming({})).toEqual({ sessionTimeout: 30_000, heartbeatInterval: 3000 });
  });

  it('heartbeats at most a third of a shorter session apart', () => {
    expect(groupTiming({ sessionTimeoutMs: 10_000 })).toEqual({ sessionTimeout: 10_000, heartbeatInterval: 3000 });
    expect(groupTiming({ sessionTimeoutMs: 7_500 })).toEqual({ sessionTimeout: 7_500, heartbeatInterval: 2500 });
  });
});
