// A short-lived cache of finished checks, so that monitors polling the same
// domain (or a /probe and a /verify/ of it) do not each start a check. Bounded
// in entries: the oldest goes first.

interface Entry<T> {
  value: T;
  storedAt: number;
}

export class ResultCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 1000,
  ) {}

  get(key: string, nowMs: number): { value: T; ageMs: number } | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    const ageMs = nowMs - entry.storedAt;
    if (ageMs >= this.ttlMs || ageMs < 0) {
      this.#entries.delete(key);
      return null;
    }
    return { value: entry.value, ageMs };
  }

  set(key: string, value: T, nowMs: number): void {
    if (this.ttlMs <= 0) return;
    this.#entries.delete(key); // re-insert: Map order is age order
    this.#entries.set(key, { value, storedAt: nowMs });
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
