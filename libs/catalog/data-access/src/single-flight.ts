/**
 * Request coalescing: while a load for a key is in flight, callers asking for the same key share its
 * promise instead of starting their own, so a cold key under load costs one query per process.
 * The key is forgotten as soon as the load settles (a failure is not remembered either).
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** Whether the caller started the load (`leader`) or joined one in flight. */
  run<T>(key: string, load: () => Promise<T>): { value: Promise<T>; leader: boolean } {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return { value: running, leader: false };
    const value = Promise.resolve()
      .then(load)
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, value);
    return { value, leader: true };
  }

  get size(): number {
    return this.inFlight.size;
  }
}
