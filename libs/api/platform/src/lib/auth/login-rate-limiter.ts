import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@soulspot/api/core';

/**
 * Failed-login throttle kept in Redis so api replicas share it: 5 failures per username+address and
 * 20 per address within 15 minutes. A success clears the username+address counter.
 */
@Injectable()
export class LoginRateLimiter {
  static readonly WINDOW_MS = 15 * 60 * 1000;
  static readonly PER_USER = 5;
  static readonly PER_ADDRESS = 20;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private keys(ip: string, username: string): [string, string] {
    const p = `${this.config.redisPrefix}:login-fail`;
    return [`${p}:u:${ip}:${username.toLowerCase()}`, `${p}:ip:${ip}`];
  }

  /** Milliseconds until another attempt is allowed, or 0. */
  async blockedForMs(ip: string, username: string): Promise<number> {
    const [userKey, ipKey] = this.keys(ip, username);
    const [u, a] = await this.redis.mget(userKey, ipKey);
    const over: string[] = [];
    if (Number(u ?? 0) >= LoginRateLimiter.PER_USER) over.push(userKey);
    if (Number(a ?? 0) >= LoginRateLimiter.PER_ADDRESS) over.push(ipKey);
    if (over.length === 0) return 0;
    const ttls = await Promise.all(over.map((k) => this.redis.pttl(k)));
    return Math.max(1000, ...ttls);
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    const m = this.redis.multi();
    for (const key of this.keys(ip, username)) {
      m.incr(key);
      // NX: the window starts at the first failure, so retrying does not extend it forever.
      m.pexpire(key, LoginRateLimiter.WINDOW_MS, 'NX');
    }
    await m.exec();
  }

  async recordSuccess(ip: string, username: string): Promise<void> {
    await this.redis.del(this.keys(ip, username)[0]);
  }
}
