/**
 * Request coalescing: while a load for a key is in flight, callers asking for the same key share its
 * promise instead of starting their own, so a cold key under load costs one query per process.
 * The key is forgotten as soon as the load settles (a failure is not remembered either), or, given
 * `keepUntil`, once what it returns has settled too: a cache keeps the load until its copy is stored,
 * so a reader that missed the cache just before the store joins the load instead of starting another.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  /** Whether the caller started the load (`leader`) or joined one in flight. */
  run<T>(key: string, load: () => Promise<T>, keepUntil?: (loaded: T) => Promise<unknown>): { value: Promise<T>; leader: boolean } {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return { value: running, leader: false };
    const value = Promise.resolve().then(load);
    const forget = () => {
      if (this.inFlight.get(key) === value) this.inFlight.delete(key);
    };
    if (!keepUntil) {
      void value.then(forget, forget); // registered first, so it runs before any caller resumes
    } else {
      // A turn of the event loop after keepUntil: replies read together (a lookup's miss, then the
      // store's answer) are all handled first, however many awaits stand between a reply and `run`.
      const forgetNextTurn = () => void setImmediate(forget);
      void value.then(keepUntil).then(forgetNextTurn, forgetNextTurn);
    }
    this.inFlight.set(key, value);
    return { value, leader: true };
  }

  get size(): number {
    return this.inFlight.size;
  }
}
