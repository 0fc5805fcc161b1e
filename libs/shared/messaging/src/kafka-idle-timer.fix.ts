import { createRequire } from 'node:module';

/** The part of kafkajs' internal RequestQueue (src/network/requestQueue) the fix touches. */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

/** The kafkajs release whose RequestQueue this fix was written against (its last, 2023). */
export const KAFKAJS_FIXED_VERSION = '2.2.4';

let applied: boolean | undefined;

/**
 * kafkajs 2.2.4 re-arms RequestQueue's pending-request check after every answer, with
 * `throttledUntil - Date.now()` as the delay even when nothing is pending: `-1 - now`, which Node
 * clamps to 1 ms (and from Node 23 on reports once per process: TimeoutNegativeWarning). Every
 * broker connection then wakes each millisecond for nothing: ~780 timers/s and ~15 ms of CPU/s for
 * one idle producer, measured on Node 24 (tulios/kafkajs#1751, #1704; fix proposed in #1768, never
 * released). With nothing pending and no throttle to wait out there is nothing to check: a request
 * queued later arms its own check (RequestQueue.push), and every answer checks again.
 *
 * Applied once per process, and only to the version it was written for: true when applied.
 */
export function fixKafkaIdleTimers(): boolean {
  if (applied !== undefined) return applied;
  // Not `require`: the bundler would resolve it at build time; kafkajs stays an external package.
  const load = createRequire(__filename);
  const { version } = load('kafkajs/package.json') as { version: string };
  applied = version === KAFKAJS_FIXED_VERSION;
  if (!applied) return false;
  const queue = load('kafkajs/src/network/requestQueue') as { prototype: RequestQueueInternals };
  const schedule = queue.prototype.scheduleCheckPendingRequests;
  queue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    schedule.call(this);
  };
  return true;
}
