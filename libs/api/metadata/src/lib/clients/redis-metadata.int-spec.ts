import type { Redis } from 'ioredis';
import { createRedis } from '@soulspot/api/core';
import { testRedisPrefix, testRedisUrl } from '@soulspot/api/testing';
import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import { soulSpotUserAgent } from './http';
import { MusicBrainzClient } from './musicbrainz.client';
import { IntervalRateGate } from './rate-gate';
import { RedisMetadataCache, RedisRateGate, TieredMetadataCache } from './redis-metadata';

/**
 * Two clients, each with its own Redis connection, gate and cache, stand for the api and the worker process.
 * The fake MusicBrainz answers 503 to anything closer than 1 s to the previous request (50 ms slack).
 */
jest.setTimeout(90_000);

const METEORA: Array<[string, number]> = [
  ['Foreword', 13000], ["Don't Stay", 187000], ['Somewhere I Belong', 213000], ['Lying from You', 175000], ['Hit the Floor', 164000],
  ['Easier to Run', 204000], ['Faint', 162000],
];
const wanted = (index: number) => ({
  artist: 'Linkin Park',
  title: METEORA[index][0],
  album: 'Meteora',
  durationMs: METEORA[index][1],
  isrc: `USWB10300${471 + index}`,
});
const UA = soulSpotUserAgent('test', 'mailto:test@soulspot.invalid');

describe('MusicBrainz cache and 1 request/s gate shared through Redis (two processes, fake MusicBrainz)', () => {
  const connections: Redis[] = [];
  let fake: FakeMetadata;
  let prefix: string;
  const prefixes: string[] = [];

  const connect = () => {
    const redis = createRedis(testRedisUrl(), { connectionName: 'mb-shared-test' });
    connections.push(redis);
    return redis;
  };
  /** What one process builds: its own connection, Redis gate and tiered cache. */
  const processClient = () => {
    const redis = connect();
    const shared = new RedisMetadataCache(redis, { prefix });
    const gate = new RedisRateGate(redis, { prefix, name: 'musicbrainz', minIntervalMs: 1000 });
    const client = new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: gate, cache: new TieredMetadataCache(shared) });
    return { redis, shared, gate, client };
  };
  const mbLog = () => fake.requests.filter((r) => r.service === 'musicbrainz');

  beforeAll(async () => {
    fake = await startFakeMetadata();
  });
  beforeEach(async () => {
    prefix = testRedisPrefix(`mb-${Math.random().toString(36).slice(2, 8)}`);
    prefixes.push(prefix);
    // A fresh prefix is a fresh gate: let the fake's window from the previous test pass first.
    await new Promise((r) => setTimeout(r, 1100));
    fake.clearRequests();
  });
  afterAll(async () => {
    // Cache entries live for days: leave nothing behind.
    const keys = connections.length ? (await Promise.all(prefixes.map((p) => connections[0].keys(`${p}:*`)))).flat() : [];
    if (keys.length) await connections[0].del(...keys);
    await Promise.all(connections.map((c) => c.quit()));
    await fake?.close();
  });

  it('control: two process-local gates together go faster than 1/s and get 503s', async () => {
    const clients = [0, 1].map(
      () => new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: new IntervalRateGate({ minIntervalMs: 1000 }), maxRetries: 0 }),
    );
    await Promise.allSettled([clients[0].lookupIsrc(wanted(0).isrc), clients[1].lookupIsrc(wanted(1).isrc)]);
    expect(mbLog().filter((r) => r.status === 503).length).toBeGreaterThan(0);
  });

  it('two processes identifying tracks at the same time stay under 1 request/s together and never see a 503', async () => {
    const a = processClient();
    const b = processClient();
    // Overlapping work, as the api (a manual import) and the worker (imports after downloads) would have.
    const started = Date.now();
    const [ra, rb] = await Promise.all([
      (async () => {
        const out = [];
        for (const i of [0, 1, 2, 3]) out.push(await a.client.identifyTrack(wanted(i)));
        return out;
      })(),
      (async () => {
        const out = [];
        for (const i of [4, 5, 6, 1]) out.push(await b.client.identifyTrack(wanted(i)));
        return out;
      })(),
    ]);
    const elapsed = Date.now() - started;
    expect([...ra, ...rb].every((t) => t?.recording.title)).toBe(true);
    const log = mbLog();
    expect(log.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const gaps = log.slice(1).map((r, i) => r.at - log[i].at);
    // The fake's own clock, receive times: 50 ms of slack for the event loop, as the fake itself allows.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeGreaterThanOrEqual((log.length - 1) * 950);
    // Both gates granted slots: the budget was really split between the two, not used by one.
    expect(a.gate.stats.granted).toBeGreaterThan(0);
    expect(b.gate.stats.granted).toBeGreaterThan(0);
    expect(a.gate.stats.granted + b.gate.stats.granted).toBe(log.length);
  });

  it('a lookup made by one process is a cache hit for the other (no request), kept in Redis under the app prefix with a TTL', async () => {
    const a = processClient();
    const b = processClient();
    const first = await a.client.identifyTrack(wanted(2));
    const requestsAfterA = mbLog().length;
    expect(requestsAfterA).toBeGreaterThan(0);
    const second = await b.client.identifyTrack(wanted(2));
    expect(mbLog().length).toBe(requestsAfterA);
    expect(second).toEqual(first);
    expect(b.client.stats).toMatchObject({ requests: 0 });
    expect(b.client.stats.cacheHits).toBeGreaterThan(0);

    const keys = await a.redis.keys(`${prefix}:metadata-cache:*`);
    expect(keys).toContain(`${prefix}:metadata-cache:mb:isrc:${wanted(2).isrc}`);
    const ttl = await a.redis.pttl(`${prefix}:metadata-cache:mb:isrc:${wanted(2).isrc}`);
    expect(ttl).toBeGreaterThan(6 * 24 * 3600 * 1000);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

    // "Not found" is shared too, for a day.
    await a.client.lookupIsrc('ZZ0000000001');
    const afterMiss = mbLog().length;
    expect(await b.client.lookupIsrc('ZZ0000000001')).toEqual([]);
    expect(mbLog().length).toBe(afterMiss);
    const missTtl = await a.redis.pttl(`${prefix}:metadata-cache:mb:isrc:ZZ0000000001`);
    expect(missTtl).toBeGreaterThan(23 * 3600 * 1000);
    expect(missTtl).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it('a 503 seen by one process makes the other wait too', async () => {
    const a = processClient();
    const b = processClient();
    await a.gate.acquire();
    await a.gate.backoff(2500);
    const started = Date.now();
    await b.gate.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
    // A shorter backoff never pulls the shared time closer.
    await b.gate.backoff(5000);
    await a.gate.backoff(10);
    const t = Date.now();
    await a.gate.acquire();
    expect(Date.now() - t).toBeGreaterThanOrEqual(4900);
  });

  it('values over the size bound and unreadable entries are not served', async () => {
    const redis = connect();
    const cache = new RedisMetadataCache(redis, { prefix, maxValueBytes: 1024 });
    await cache.set('big', { text: 'x'.repeat(2000) }, 60_000);
    expect(await cache.get('big')).toBeUndefined();
    expect(cache.stats.tooLarge).toBe(1);
    await cache.set('small', { text: 'ü'.repeat(10), n: null }, 60_000);
    expect(await cache.get('small')).toEqual({ text: 'ü'.repeat(10), n: null });
    await cache.set('gone', 1, 0);
    expect(await redis.exists(cache.key('gone'))).toBe(0);
    await redis.set(cache.key('broken'), '{not json', 'PX', 60_000);
    expect(await cache.get('broken')).toBeUndefined();
    expect(await redis.exists(cache.key('broken'))).toBe(0);
    // null is a value ("not found"), distinct from a miss.
    await cache.set('nothing', null, 60_000);
    expect(await cache.get('nothing')).toBeNull();
  });
});
