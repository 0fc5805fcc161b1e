import { metrics } from '@opentelemetry/api';
import { DependencyCheck, DependencyDownError } from '@bazaar/shared/health';

interface Blockage {
  dependency: string;
  reason: string;
  since: Date;
}

interface GroupState {
  /** Per `topic[partition]`: a group is blocked while any of its partitions is. */
  blocked: Map<string, Blockage>;
  /** Blocked time of blockages that have ended. */
  blockedMsBefore: number;
}

/**
 * Which consumer groups of this process are blocked on a dependency, for readiness (one check per
 * group, `kafka-consumer:<group>`) and for the metrics `bazaar.consumer.blocked` (1 while blocked)
 * and `bazaar.consumer.blocked.time` (seconds spent blocked, cumulative).
 */
export class ConsumerHealth {
  private readonly groups = new Map<string, GroupState>();

  constructor() {
    const meter = metrics.getMeter('@bazaar/shared/messaging');
    meter
      .createObservableGauge('bazaar.consumer.blocked', { description: 'Whether the consumer group waits for an unavailable dependency' })
      .addCallback((result) => {
        for (const [group, state] of this.groups) result.observe(state.blocked.size > 0 ? 1 : 0, { 'messaging.consumer.group.name': group });
      });
    meter
      .createObservableCounter('bazaar.consumer.blocked.time', { unit: 's', description: 'Time a consumer group has spent waiting for an unavailable dependency' })
      .addCallback((result) => {
        for (const group of this.groups.keys()) result.observe(this.blockedMs(group) / 1000, { 'messaging.consumer.group.name': group });
      });
  }

  /** A group that consumes: reported up until it blocks. */
  register(group: string): void {
    if (!this.groups.has(group)) this.groups.set(group, { blocked: new Map(), blockedMsBefore: 0 });
  }

  blocked(group: string, partition: string, dependency: string, reason: string): void {
    const state = this.groups.get(group) ?? { blocked: new Map(), blockedMsBefore: 0 };
    this.groups.set(group, state);
    const current = state.blocked.get(partition);
    state.blocked.set(partition, { dependency, reason, since: current?.since ?? new Date() });
  }

  resumed(group: string, partition: string): void {
    const state = this.groups.get(group);
    const blockage = state?.blocked.get(partition);
    if (!state || !blockage) return;
    state.blocked.delete(partition);
    state.blockedMsBefore += Date.now() - blockage.since.getTime();
  }

  /** The oldest blockage of the group, if it is blocked. */
  blockageOf(group: string): Blockage | undefined {
    const blockages = [...(this.groups.get(group)?.blocked.values() ?? [])];
    return blockages.sort((a, b) => a.since.getTime() - b.since.getTime())[0];
  }

  blockedMs(group: string): number {
    const state = this.groups.get(group);
    if (!state) return 0;
    const now = Date.now();
    return state.blockedMsBefore + [...state.blocked.values()].reduce((sum, { since }) => sum + now - since.getTime(), 0);
  }

  checks(): DependencyCheck[] {
    return [...this.groups.keys()].map((group) => ({
      name: `kafka-consumer:${group}`,
      ping: async () => {
        const blockage = this.blockageOf(group);
        if (!blockage) return;
        throw new DependencyDownError(`blocked on ${blockage.dependency} since ${blockage.since.toISOString()} (${blockage.reason})`, {
          blockedOn: blockage.dependency,
          since: blockage.since.toISOString(),
        });
      },
    }));
  }
}
