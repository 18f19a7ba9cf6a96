import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@soulspot/api/core';

export type JobOutcome = 'completed' | 'failed' | 'retried';

/** Job outcome counters live in Redis because jobs run in the worker while /metrics is served by the api. */
@Injectable()
export class JobOutcomeStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get key(): string {
    return `${this.config.redisPrefix}:metrics:job-outcomes`;
  }

  async record(queue: string, name: string, outcome: JobOutcome, durationMs: number): Promise<void> {
    await this.redis
      .multi()
      .hincrby(this.key, `${queue}|${name}|${outcome}`, 1)
      .hincrbyfloat(this.key, `${queue}|${name}|${outcome}|seconds`, durationMs / 1000)
      .exec();
  }

  async all(): Promise<{ queue: string; name: string; outcome: JobOutcome; count: number; seconds: number }[]> {
    const raw = await this.redis.hgetall(this.key);
    return Object.entries(raw)
      .filter(([k]) => !k.endsWith('|seconds'))
      .map(([k, v]) => {
        const [queue, name, outcome] = k.split('|');
        return { queue, name, outcome: outcome as JobOutcome, count: Number(v), seconds: Number(raw[`${k}|seconds`] ?? 0) };
      });
  }
}
