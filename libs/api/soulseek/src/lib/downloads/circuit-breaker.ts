import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@soulspot/api/core';

export interface CircuitState {
  circuit: 'closed' | 'open';
  /** When the next probe is allowed (open circuits only). */
  retryAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
}

interface Stored {
  failures: number;
  openUntil: number;
  openMs: number;
  lastError: string | null;
}

export interface CircuitConfig {
  /** Consecutive failed ticks before the circuit opens. */
  threshold: number;
  baseOpenMs: number;
  maxOpenMs: number;
}

/**
 * Stops the engine hammering an slskd that is down: after `threshold` consecutive failed ticks
 * (unreachable, timeouts, 5xx) calls are held back for 15 s, doubling up to 5 min; once the wait is
 * over one tick probes (half-open) and either closes it or re-opens it for longer. State lives in
 * Redis so the api can show it and every worker agrees.
 */
@Injectable()
export class CircuitBreaker {
  /** Mutable so tests can use short waits. */
  config: CircuitConfig = { threshold: 2, baseOpenMs: 15_000, maxOpenMs: 300_000 };
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = `${config.redisPrefix}:downloads:circuit`;
  }

  async state(now = Date.now()): Promise<CircuitState> {
    const s = await this.read();
    const open = s.openUntil > now;
    return { circuit: open ? 'open' : 'closed', retryAt: open ? new Date(s.openUntil).toISOString() : null, lastError: s.lastError, consecutiveFailures: s.failures };
  }

  /** False while open; true when closed or when the wait is over (the caller's call is the probe). */
  async allow(now = Date.now()): Promise<boolean> {
    return (await this.read()).openUntil <= now;
  }

  async success(): Promise<void> {
    const s = await this.read();
    if (s.failures === 0 && s.openUntil === 0 && s.lastError === null) return;
    await this.write({ failures: 0, openUntil: 0, openMs: 0, lastError: null });
  }

  async failure(message: string, now = Date.now()): Promise<CircuitState> {
    const s = await this.read();
    s.failures++;
    s.lastError = message;
    if (s.failures >= this.config.threshold) {
      // A failed half-open probe doubles the wait.
      s.openMs = s.openMs > 0 ? Math.min(this.config.maxOpenMs, s.openMs * 2) : this.config.baseOpenMs;
      s.openUntil = now + s.openMs;
    }
    await this.write(s);
    return this.state(now);
  }

  async reset(): Promise<void> {
    await this.redis.del(this.key);
  }

  private async read(): Promise<Stored> {
    const raw = await this.redis.get(this.key);
    if (!raw) return { failures: 0, openUntil: 0, openMs: 0, lastError: null };
    try {
      return JSON.parse(raw) as Stored;
    } catch {
      return { failures: 0, openUntil: 0, openMs: 0, lastError: null };
    }
  }

  private async write(s: Stored): Promise<void> {
    await this.redis.set(this.key, JSON.stringify(s));
  }
}
