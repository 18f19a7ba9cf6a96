import { Redis, RedisOptions } from 'ioredis';

/**
 * BullMQ needs `maxRetriesPerRequest: null` on blocking connections; we use it everywhere so a Redis
 * restart makes commands wait instead of failing jobs.
 */
export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...opts });
}
