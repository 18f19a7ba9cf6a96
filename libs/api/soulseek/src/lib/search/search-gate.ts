import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isSlskdError } from '../clients/slskd.errors';
import type { SlskdSearchResult } from '../clients/slskd.types';
import {
  availableSlots,
  backlogDoneAt,
  nextSlotAt,
  normaliseSearchQuery,
  type SearchBudgetConfig,
  type SearchBudgetState,
} from './search-budget';

/** The gate cannot send this search yet; try again after `waitMs` (a job delays itself, it does not sleep). */
export class SearchGateWait extends Error {
  constructor(
    readonly waitMs: number,
    readonly why: 'budget' | 'lock' | 'in-flight' | 'rate-limited',
  ) {
    super(`search gate: wait ${waitMs} ms (${why})`);
    this.name = 'SearchGateWait';
  }
}

export interface GateSearchResult {
  results: SlskdSearchResult[];
  cached: boolean;
}

export interface SearchGateSteps {
  /** Sends the POST. Runs under the cross-process lock, so keep it to the POST itself. */
  post: () => Promise<string>;
  /** Waits for the search to finish and reads the responses (outside the lock). */
  collect: (slskdSearchId: string) => Promise<SlskdSearchResult[]>;
}

export interface SearchGateSnapshot {
  config: SearchBudgetConfig;
  available: number;
  nextSlotAt: number;
  blockedUntil: number | null;
  backlogDoneAt: number;
}

const CACHE_TTL_S = 24 * 3600;
const LOCK_TTL_MS = 30_000;
// Longer than one collect (≤ 2 min wait + cancel); a crashed holder's claim lapses after this.
const IN_FLIGHT_TTL_MS = 3 * 60_000;
// slskd answers 429 while another POST is in flight (a short-lived state, not a ban): retry soon.
const DEFAULT_429_WAIT_MS = 3_000;

// Deletes a key only if we still own it (a lock that expired may belong to someone else now).
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The one place every Soulseek search goes through, shared by all processes via Redis: one POST at a
 * time (slskd answers 429 to concurrent POSTs), a sliding-window budget with a minimum gap, de-duplication
 * of identical normalised queries in flight, and a 24 h result cache so retries and duplicates cost nothing.
 * It never sleeps: when a search must wait it throws `SearchGateWait` and the caller decides how to wait.
 */
export class SearchGate {
  private readonly logger = new Logger(SearchGate.name);
  private readonly key: (name: string) => string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly budget: () => Promise<SearchBudgetConfig>,
    private readonly clock: () => number = Date.now,
  ) {
    this.key = (name) => `${prefix}:soulseek:gate:${name}`;
  }

  async cached(query: string): Promise<SlskdSearchResult[] | null> {
    const raw = await this.redis.get(this.cacheKey(query));
    return raw ? (JSON.parse(raw) as { results: SlskdSearchResult[] }).results : null;
  }

  /**
   * Returns the responses for `query`: from the cache, or by sending it when the budget allows.
   * `owner` identifies the caller (a search id), so a retried job takes its own in-flight claim back.
   */
  async search(query: string, owner: string, steps: SearchGateSteps): Promise<GateSearchResult> {
    const hit = await this.cached(query);
    if (hit) return { results: hit, cached: true };

    const flightKey = this.key(`in-flight:${this.hash(query)}`);
    const claimed = await this.redis.set(flightKey, owner, 'PX', IN_FLIGHT_TTL_MS, 'NX');
    if (claimed !== 'OK' && (await this.redis.get(flightKey)) !== owner) {
      // Someone is running the identical query; its result lands in the cache.
      throw new SearchGateWait(2_000, 'in-flight');
    }
    try {
      const slskdId = await this.post(steps.post);
      const results = await steps.collect(slskdId);
      await this.redis.set(
        this.cacheKey(query),
        JSON.stringify({ query, at: new Date(this.clock()).toISOString(), results }),
        'EX',
        CACHE_TTL_S,
      );
      return { results, cached: false };
    } finally {
      await this.redis.eval(RELEASE, 1, flightKey, owner);
    }
  }

  /** Budget figures for the UI; `backlog` is how many searches still have to be sent. */
  async snapshot(backlog: number): Promise<SearchGateSnapshot> {
    const config = await this.budget();
    const now = this.clock();
    const state = await this.state(config, now);
    return {
      config,
      available: availableSlots(state, now, config),
      nextSlotAt: nextSlotAt(state, now, config),
      blockedUntil: state.blockedUntil && state.blockedUntil > now ? state.blockedUntil : null,
      backlogDoneAt: backlogDoneAt(state, now, config, backlog),
    };
  }

  private async post(send: () => Promise<string>): Promise<string> {
    const lockKey = this.key('lock');
    const token = randomUUID();
    if ((await this.redis.set(lockKey, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
      const ttl = await this.redis.pttl(lockKey);
      // A POST takes tens of ms; poll soon rather than waiting for the lock's safety expiry.
      throw new SearchGateWait(Math.max(50, Math.min(ttl > 0 ? ttl : 250, 250)), 'lock');
    }
    try {
      // Every change to the bucket happens under the lock, so reading and adding need no transaction.
      const config = await this.budget();
      const now = this.clock();
      const state = await this.state(config, now);
      const at = nextSlotAt(state, now, config);
      if (at > now) throw new SearchGateWait(at - now, state.blockedUntil && state.blockedUntil > now ? 'rate-limited' : 'budget');
      const sentKey = this.key('sent');
      await this.redis
        .multi()
        .zadd(sentKey, now, `${now}-${token}`)
        .zremrangebyscore(sentKey, '-inf', now - config.windowMs)
        .pexpire(sentKey, config.windowMs + 60_000)
        .exec();
      try {
        return await send();
      } catch (e) {
        if (isSlskdError(e, 'rate_limited')) {
          const wait = e.retryAfterMs ?? DEFAULT_429_WAIT_MS;
          await this.redis.set(this.key('blocked-until'), String(this.clock() + wait), 'PX', wait);
          this.logger.warn(`slskd answered 429 to a search; holding all searches for ${wait} ms`);
          throw new SearchGateWait(wait, 'rate-limited');
        }
        throw e;
      }
    } finally {
      await this.redis.eval(RELEASE, 1, lockKey, token);
    }
  }

  private async state(config: SearchBudgetConfig, now: number): Promise<SearchBudgetState> {
    const [members, blocked] = await Promise.all([
      this.redis.zrangebyscore(this.key('sent'), now - config.windowMs, '+inf', 'WITHSCORES'),
      this.redis.get(this.key('blocked-until')),
    ]);
    const sent: number[] = [];
    for (let i = 1; i < members.length; i += 2) sent.push(Number(members[i]));
    return { sent, blockedUntil: blocked ? Number(blocked) : undefined };
  }

  private hash(query: string): string {
    return createHash('sha1').update(normaliseSearchQuery(query)).digest('hex');
  }

  private cacheKey(query: string): string {
    return this.key(`cache:${this.hash(query)}`);
  }
}
