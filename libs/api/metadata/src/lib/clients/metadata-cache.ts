/**
 * Cache for metadata lookups (MusicBrainz responses mapped to domain objects). Values must be plain JSON so a
 * Redis or Postgres implementation can store them; `null` is a legitimate value (remembered "not found").
 */
export interface MetadataCache {
  /** `undefined` = not cached (or expired). */
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface InMemoryLruCacheOptions {
  maxEntries?: number;
  now?: () => number;
}

/**
 * Least-recently-used cache inside one process. Values are stored as JSON text: callers can't mutate a
 * cached object by accident, and nothing here works that a Redis implementation couldn't.
 */
export class InMemoryLruCache implements MetadataCache {
  private readonly entries = new Map<string, { json: string; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private hitCount = 0;
  private missCount = 0;

  constructor(options: InMemoryLruCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
    this.now = options.now ?? Date.now;
  }

  get stats(): { size: number; hits: number; misses: number } {
    return { size: this.entries.size, hits: this.hitCount, misses: this.missCount };
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.entries.delete(key);
      this.missCount++;
      return undefined;
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hitCount++;
    return JSON.parse(entry.json) as T;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { json: JSON.stringify(value ?? null), expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
