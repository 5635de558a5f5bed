// Identical requests share one run: while a key's promise is pending, every
// caller of that key gets it instead of starting another. This is also what
// keeps the scheduler from ever running one domain twice at once.

export class SingleFlight<T> {
  readonly #pending = new Map<string, Promise<T>>();

  /** Runs `task` unless `key` is already in flight; `joined` says which happened. */
  run(key: string, task: () => Promise<T>): { promise: Promise<T>; joined: boolean } {
    const existing = this.#pending.get(key);
    if (existing) return { promise: existing, joined: true };
    const promise = task().finally(() => {
      if (this.#pending.get(key) === promise) this.#pending.delete(key);
    });
    this.#pending.set(key, promise);
    return { promise, joined: false };
  }

  get size(): number {
    return this.#pending.size;
  }
}
