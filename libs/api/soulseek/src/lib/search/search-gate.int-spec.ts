import type { Redis } from 'ioredis';
import { createRedis } from '@soulspot/api/core';
import { testRedisPrefix, testRedisUrl } from '@soulspot/api/testing';
import { SlskdError } from '../clients/slskd.errors';
import type { SlskdSearchResult } from '../clients/slskd.types';
import type { SearchBudgetConfig } from './search-budget';
import { SearchGate, SearchGateWait } from './search-gate';

/** Two gates on two Redis connections stand for two worker processes sharing one slskd. */
jest.setTimeout(30_000);

const BUDGET: SearchBudgetConfig = { capacity: 3, windowMs: 1_500, minGapMs: 120 };
const RESULT: SlskdSearchResult[] = [{ username: 'alice', uploadSpeed: 1, queueLength: 0, hasFreeUploadSlot: true, files: [], lockedFiles: [] }];

describe('SearchGate (real Redis, two processes)', () => {
  const connections: Redis[] = [];
  let prefix: string;
  const gate = () => {
    const redis = createRedis(testRedisUrl(), { connectionName: 'gate-test' });
    connections.push(redis);
    return new SearchGate(redis, prefix, async () => BUDGET);
  };

  beforeEach(() => {
    prefix = testRedisPrefix(`gate-${Math.random().toString(36).slice(2, 8)}`);
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit()));
  });

  /** Retries a search the way a job does: wait what the gate says, then ask again. */
  async function searchUntilDone(g: SearchGate, query: string, owner: string, post: () => Promise<string>) {
    for (;;) {
      try {
        return await g.search(query, owner, { post, collect: async () => RESULT });
      } catch (e) {
        if (!(e instanceof SearchGateWait)) throw e;
        await new Promise((r) => setTimeout(r, e.waitMs));
      }
    }
  }

  it('never exceeds the budget nor POSTs concurrently across two gates', async () => {
    const [a, b] = [gate(), gate()];
    const posts: { start: number; end: number }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const post = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const start = Date.now();
      await new Promise((r) => setTimeout(r, 15));
      posts.push({ start, end: Date.now() });
      inFlight--;
      return 'id';
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => searchUntilDone(i % 2 ? a : b, `artist title ${i}`, `s${i}`, post)));
    const elapsed = Date.now() - t0;

    expect(posts).toHaveLength(8);
    expect(maxInFlight).toBe(1);
    const starts = posts.map((p) => p.start).sort((x, y) => x - y);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(BUDGET.minGapMs - 5);
    // The gate stamps a slot just before the POST; a few ms of Redis round trip separate the two.
    const jitter = 25;
    for (const s of starts) {
      expect(starts.filter((x) => x > s - (BUDGET.windowMs - jitter) && x <= s).length).toBeLessThanOrEqual(BUDGET.capacity);
    }
    // 8 searches at 3 per 1.5 s need at least two full windows.
    expect(elapsed).toBeGreaterThanOrEqual(2 * BUDGET.windowMs - 50);
  });

  it('answers a repeated or re-ordered query from the cache without a second POST', async () => {
    const [a, b] = [gate(), gate()];
    let postCount = 0;
    const post = async () => {
      postCount++;
      return 'id';
    };
    const first = await searchUntilDone(a, 'Mara Quinn Undertow', 'one', post);
    const second = await searchUntilDone(b, 'undertow  mara quinn', 'two', post);
    expect(first.cached).toBe(false);
    expect(second).toEqual({ results: RESULT, cached: true });
    expect(postCount).toBe(1);
  });

  it('de-duplicates an identical query in flight: the second caller waits for the first one’s result', async () => {
    const [a, b] = [gate(), gate()];
    let postCount = 0;
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const running = a.search('q one two', 'first', {
      post: async () => {
        postCount++;
        return 'id';
      },
      collect: async () => {
        await slow;
        return RESULT;
      },
    });
    await new Promise((r) => setTimeout(r, 50));
    await expect(b.search('two one q', 'second', { post: async () => 'x', collect: async () => [] })).rejects.toMatchObject({ why: 'in-flight' });
    release();
    await running;
    expect(await b.search('two one q', 'second', { post: async () => 'x', collect: async () => [] })).toMatchObject({ cached: true, results: RESULT });
    expect(postCount).toBe(1);
  });

  it('holds every gate after slskd answers 429 and reports it in the budget', async () => {
    const [a, b] = [gate(), gate()];
    await expect(
      a.search('limited query', 'x', {
        post: async () => {
          throw new SlskdError('rate_limited', 'busy', { status: 429, retryAfterMs: 800 });
        },
        collect: async () => [],
      }),
    ).rejects.toMatchObject({ why: 'rate-limited', waitMs: 800 });
    await expect(b.search('another query', 'y', { post: async () => 'id', collect: async () => RESULT })).rejects.toMatchObject({ why: 'rate-limited' });
    const snap = await b.snapshot(0);
    expect(snap.available).toBe(0);
    expect(snap.blockedUntil).not.toBeNull();
    await new Promise((r) => setTimeout(r, 850));
    expect(await b.search('another query', 'y', { post: async () => 'id', collect: async () => RESULT })).toMatchObject({ cached: false });
  });

  it('costs a few Redis round trips per search (figures printed)', async () => {
    const redis = createRedis(testRedisUrl(), { connectionName: 'gate-overhead' });
    connections.push(redis);
    const g = new SearchGate(redis, prefix, async () => ({ capacity: 10_000, windowMs: 60_000, minGapMs: 0 }));
    const n = 200;
    let t0 = performance.now();
    for (let i = 0; i < n; i++) await g.search(`overhead query ${i}`, `o${i}`, { post: async () => 'id', collect: async () => RESULT });
    const missMs = (performance.now() - t0) / n;
    t0 = performance.now();
    for (let i = 0; i < n; i++) await g.search(`overhead query ${i}`, `p${i}`, { post: async () => 'id', collect: async () => RESULT });
    const hitMs = (performance.now() - t0) / n;
    console.info(`search gate overhead: ${missMs.toFixed(2)} ms per sent search (lock, budget, in-flight claim, cache write), ${hitMs.toFixed(2)} ms per cache hit`);
    expect(hitMs).toBeLessThan(missMs);
    expect(missMs).toBeLessThan(50);
  });
});
