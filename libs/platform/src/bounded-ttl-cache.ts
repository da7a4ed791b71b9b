/**
 * A map whose entries expire after `ttlMs` and which never holds more than `max` of them: when full, the oldest
 * entry goes (Map keeps insertion order), so a flood of distinct keys costs bounded memory and evicts only itself.
 * An entry may carry a shorter TTL of its own (a DNS answer lives for its record's TTL).
 */
export class BoundedTtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly max: number, private readonly ttlMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, now = Date.now(), ttlMs = this.ttlMs): void {
    this.entries.delete(key);
    while (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: now + Math.min(ttlMs, this.ttlMs) });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
