/**
 * A small TTL cache with in-flight de-duplication (a burst of calls with one cold key makes one
 * database lookup) and an epoch that invalidation bumps: a load that started before an
 * invalidation still answers its callers but is not stored, so no stale row outlives a change.
 */
export class TtlCache<V> {
  private entries = new Map<string, { value: V; expires: number }>();
  private inflight = new Map<string, Promise<V>>();
  private epoch = 0;

  constructor(private readonly maxEntries = 100_000) {}

  /** The cached value, or undefined when absent or expired. */
  peek(id: string, now: number): V | undefined {
    const hit = this.entries.get(id);
    if (!hit) return undefined;
    if (hit.expires > now) return hit.value;
    this.entries.delete(id);
    return undefined;
  }

  /** When the cached value stops being trusted (epoch ms), or 0 when nothing is cached. */
  expiry(id: string): number {
    return this.entries.get(id)?.expires ?? 0;
  }

  get(id: string, now: number, load: () => Promise<V>, ttlFor: (value: V) => number): Promise<V> {
    const hit = this.peek(id, now);
    if (hit !== undefined) return Promise.resolve(hit);
    const running = this.inflight.get(id);
    if (running) return running;
    const startedAt = this.epoch;
    const p = load()
      .then((value) => {
        const ttl = ttlFor(value);
        if (startedAt === this.epoch && ttl > 0) this.set(id, value, now + ttl);
        return value;
      })
      .finally(() => this.inflight.delete(id));
    this.inflight.set(id, p);
    return p;
  }

  private set(id: string, value: V, expires: number): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest tenth rather than grow without bound.
      let n = Math.ceil(this.maxEntries / 10);
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (--n <= 0) break;
      }
    }
    this.entries.set(id, { value, expires });
  }

  delete(id: string): void {
    this.entries.delete(id);
    this.inflight.delete(id);
    this.epoch++;
  }

  /** Deletes every entry whose value or id matches. */
  deleteWhere(match: (id: string, value: V) => boolean): void {
    for (const [id, e] of this.entries) if (match(id, e.value)) this.entries.delete(id);
    this.inflight.clear();
    this.epoch++;
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
    this.epoch++;
  }

  get size(): number {
    return this.entries.size;
  }
}
