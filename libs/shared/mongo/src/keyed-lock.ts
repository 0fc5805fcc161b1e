/**
 * Runs one task at a time per key, in arrival order; different keys run concurrently. FerretDB
 * loses concurrent updates to one document, so repositories serialise writes per document id
 * within a process (on real MongoDB a conditional update alone is enough).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
