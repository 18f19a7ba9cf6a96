import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, REDIS } from '@soulspot/api/core';

export interface WorkerHeartbeat {
  at: string;
  pid: number;
  version: string;
}

/** The worker writes a short-lived key every few seconds; a missing key means no worker is alive. */
@Injectable()
export class WorkerHeartbeatStore {
  static readonly INTERVAL_MS = 5_000;
  static readonly TTL_MS = 20_000;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get key(): string {
    return `${this.config.redisPrefix}:worker:heartbeat`;
  }

  async beat(hb: WorkerHeartbeat): Promise<void> {
    await this.redis.set(this.key, JSON.stringify(hb), 'PX', WorkerHeartbeatStore.TTL_MS);
  }

  async read(): Promise<WorkerHeartbeat | null> {
    const raw = await this.redis.get(this.key);
    return raw ? (JSON.parse(raw) as WorkerHeartbeat) : null;
  }

  async clear(): Promise<void> {
    await this.redis.del(this.key);
  }
}
