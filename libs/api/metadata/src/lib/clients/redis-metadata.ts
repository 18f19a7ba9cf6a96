import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { InMemoryLruCache, MetadataCache } from './metadata-cache';
import { RateGate } from './rate-gate';

export interface RedisMetadataCacheOptions {
  /** The app's Redis prefix (`config.redisPrefix`); keys become `<prefix>:metadata-cache:<key>`. */
  prefix: string;
  /** Larger JSON values are not stored (a huge search answer must not fill Redis). Default 256 KiB. */
  maxValueBytes?: number;
}

/**
 * MetadataCache in Redis, shared by every api and worker process: JSON text with a PX expiry (the client
 * picks 7 days for answers and 1 day for "not found"). Redis trouble never fails a lookup: a get that
 * fails is a miss, a set that fails is skipped (the request is simply made again later).
 */
export class RedisMetadataCache implements MetadataCache {
  private readonly logger = new Logger(RedisMetadataCache.name);
  private readonly maxValueBytes: number;
  private counters = { hits: 0, misses: 0, writes: 0, tooLarge: 0, errors: 0 };

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisMetadataCacheOptions,
  ) {
    this.maxValueBytes = options.maxValueBytes ?? 256 * 1024;
  }

  get stats(): { hits: number; misses: number; writes: number; tooLarge: number; errors: number } {
    return { ...this.counters };
  }

  key(key: string): string {
    return `${this.options.prefix}:metadata-cache:${key}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    let json: string | null;
    try {
      json = await this.redis.get(this.key(key));
    } catch (error) {
      this.failed('get', error);
      return undefined;
    }
    if (json === null) {
      this.counters.misses++;
      return undefined;
    }
    try {
      const value = JSON.parse(json) as T;
      this.counters.hits++;
      return value;
    } catch {
      // Not ours or truncated: forget it rather than fail every lookup of this key.
      this.counters.misses++;
      await this.redis.del(this.key(key)).catch(() => undefined);
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    const ttl = Math.floor(ttlMs);
    if (!(ttl > 0)) return;
    const json = JSON.stringify(value ?? null);
    if (Buffer.byteLength(json, 'utf8') > this.maxValueBytes) {
      this.counters.tooLarge++;
      return;
    }
    try {
      await this.redis.set(this.key(key), json, 'PX', ttl);
      this.counters.writes++;
    } catch (error) {
      this.failed('set', error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.redis.del(this.key(key));
    } catch (error) {
      this.failed('delete', error);
    }
  }

  private failed(op: string, error: unknown): void {
    this.counters.errors++;
    this.logger.warn(`metadata cache ${op} failed (treated as a miss): ${(error as Error)?.message ?? String(error)}`);
  }
}

export interface TieredMetadataCacheOptions {
  /** How long the in-process copy of a shared entry is trusted. Default 10 minutes. */
  localTtlMs?: number;
  maxLocalEntries?: number;
}

/**
 * A small in-process LRU in front of a shared cache: the tracks of one album hit the release many times in a
 * row, and those reads need not cross the network. Writes go to both; the local copy lives at most
 * `localTtlMs` so an entry another process deleted does not linger long.
 */
export class TieredMetadataCache implements MetadataCache {
  private readonly local: InMemoryLruCache;
  private readonly localTtlMs: number;

  constructor(
    private readonly shared: MetadataCache,
    options: TieredMetadataCacheOptions = {},
  ) {
    this.local = new InMemoryLruCache({ maxEntries: options.maxLocalEntries ?? 2000 });
    this.localTtlMs = options.localTtlMs ?? 10 * 60 * 1000;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const near = await this.local.get<T>(key);
    if (near !== undefined) return near;
    const far = await this.shared.get<T>(key);
    if (far !== undefined) await this.local.set(key, far, this.localTtlMs);
    return far;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.local.set(key, value, Math.min(ttlMs, this.localTtlMs));
    await this.shared.set(key, value, ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.local.delete(key);
    await this.shared.delete(key);
  }
}

/**
 * Grants a slot when the shared "next allowed" time has passed and moves it `interval` ahead, atomically.
 * The clock is Redis's (TIME), so processes on hosts with drifting clocks still agree. Returns 0 when granted,
 * otherwise the milliseconds to wait.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt > now then return nextAt - now end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], tostring(now + interval), 'PX', interval + 60000)
return 0
`;

/** Pushes the shared "next allowed" time to at least now + delay (never pulls it closer). */
const BACKOFF = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = now + tonumber(ARGV[1])
if wanted > nextAt then
  redis.call('SET', KEYS[1], tostring(wanted), 'PX', tonumber(ARGV[1]) + 60000)
  return wanted - now
end
return nextAt - now
`;

export interface RedisRateGateOptions {
  /** The app's Redis prefix; the gate's key is `<prefix>:rate-gate:<name>`. */
  prefix: string;
  /** One key per remote service, e.g. 'musicbrainz'. */
  name: string;
  /** Minimum spacing between request starts across every process. 1000 = MusicBrainz's 1 request/s. */
  minIntervalMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * RateGate shared by every process through one Redis key. In-process callers queue locally first (only the
 * head of the queue asks Redis), so N concurrent jobs in one worker cost one Redis call per slot rather than N.
 * A backoff (503/429) moves the shared time, so every process waits, not only the one that saw it.
 */
export class RedisRateGate implements RateGate {
  private tail: Promise<void> = Promise.resolve();
  private readonly key: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private counters = { granted: 0, waitedMs: 0, redisCalls: 0 };

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateGateOptions,
  ) {
    if (!(options.minIntervalMs >= 0)) throw new Error(`minIntervalMs must be >= 0, got ${options.minIntervalMs}`);
    this.key = `${options.prefix}:rate-gate:${options.name}`;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get stats(): { granted: number; waitedMs: number; redisCalls: number } {
    return { ...this.counters };
  }

  acquire(): Promise<void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        this.counters.redisCalls++;
        const wait = Number(await this.redis.eval(ACQUIRE, 1, this.key, String(Math.ceil(this.options.minIntervalMs))));
        if (wait <= 0) break;
        this.counters.waitedMs += wait;
        await this.sleep(wait);
      }
      this.counters.granted++;
    });
    // A failed turn (Redis down) rejects for its caller only; the queue behind it moves on.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  async backoff(delayMs: number): Promise<void> {
    await this.redis.eval(BACKOFF, 1, this.key, String(Math.max(0, Math.ceil(delayMs))));
  }
}
