import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { HealthCheck, ReadinessResponse, SystemInfo } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, JobQueue, REDIS } from '@soulspot/api/core';
import { WorkerHeartbeatStore } from './worker-heartbeat.store';

const started = Date.now();

@Injectable()
export class SystemService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeat: WorkerHeartbeatStore,
    private readonly jobs: JobQueue,
  ) {}

  async readiness(): Promise<ReadinessResponse> {
    const checks = await Promise.all([
      this.timed('database', async () => {
        await this.db.query('SELECT 1');
        return undefined;
      }),
      this.timed('redis', async () => {
        await this.redis.ping();
        return undefined;
      }),
      this.timed('worker', async () => {
        const hb = await this.heartbeat.read();
        if (!hb) throw new Error('no worker heartbeat in the last 20 s');
        return `pid ${hb.pid}, last beat ${hb.at}`;
      }),
    ]);
    return { status: checks.every((c) => c.status === 'ok') ? 'ok' : 'error', checks };
  }

  async info(): Promise<SystemInfo> {
    const [pg, redisInfo, hb, queues] = await Promise.all([
      this.db.query('SHOW server_version').then((r: { server_version: string }[]) => r[0]?.server_version ?? null, () => null),
      this.redis.info('server').then((s) => /redis_version:(\S+)/.exec(s)?.[1] ?? null, () => null),
      this.heartbeat.read().catch(() => null),
      this.jobs.counts(),
    ]);
    return {
      version: this.config.version,
      nodeVersion: process.version,
      postgresVersion: pg,
      redisVersion: redisInfo,
      databaseMode: this.config.embeddedDatabase ? 'embedded' : 'external',
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      worker: { lastHeartbeatAt: hb?.at ?? null, alive: hb !== null, pid: hb?.pid ?? null, version: hb?.version ?? null },
      queues,
    };
  }

  private async timed(name: HealthCheck['name'], fn: () => Promise<string | undefined>): Promise<HealthCheck> {
    const t0 = Date.now();
    try {
      // A hung dependency must not hang the readiness probe.
      const detail = await Promise.race([fn(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timed out after 2 s')), 2000).unref())]);
      return { name, status: 'ok', latencyMs: Date.now() - t0, ...(detail ? { detail } : {}) };
    } catch (e) {
      return { name, status: 'error', latencyMs: Date.now() - t0, detail: (e as Error).message };
    }
  }
}
