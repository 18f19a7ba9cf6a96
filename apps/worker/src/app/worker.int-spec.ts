import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { firstValueFrom, filter, take, timeout, toArray } from 'rxjs';
import type { SelfCheckRun } from '@soulspot/shared/contracts';
import { EventBus, JobName, JobQueue } from '@soulspot/api/core';
import { SelfCheckService, WorkerHeartbeatStore } from '@soulspot/api/platform';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { WorkerModule } from './worker.module';

describe('worker (real PostgreSQL + Redis)', () => {
  let ctx: INestApplicationContext;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('worker');
    drop = db.drop;
    const config = { ...testConfig({ redisPrefix: testRedisPrefix('worker'), role: 'worker' }), databaseUrl: db.url };
    ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
    await ctx.init();
  });
  afterAll(async () => {
    await ctx?.close();
    await drop?.();
  });

  it('publishes a heartbeat the api can read', async () => {
    const hb = await ctx.get(WorkerHeartbeatStore).read();
    expect(hb?.pid).toBe(process.pid);
  });

  it('runs a queued self-check through Redis and reports every step as an event', async () => {
    const events = ctx.get(EventBus);
    const service = ctx.get(SelfCheckService);
    // Subscribe first: the run may finish within milliseconds.
    const updates = events.on('self-check.updated');
    const seen = firstValueFrom(
      updates.pipe(
        filter((e) => e.payload.status === 'passed' || e.payload.status === 'failed'),
        take(1),
        timeout(20_000),
      ),
    );
    const all = firstValueFrom(updates.pipe(take(4), toArray(), timeout(20_000)));
    await new Promise((r) => setTimeout(r, 100));
    const run = await service.request();
    expect(run.status).toBe('queued');
    const done = (await seen).payload as SelfCheckRun;
    expect(done.id).toBe(run.id);
    expect(done.status).toBe('passed');
    expect(done.steps.map((s) => s.name)).toEqual(['database', 'redis', 'data folder writable', 'library folder writable', 'free disk space']);
    const statuses = (await all).map((e) => e.payload.status);
    expect(statuses.slice(0, 2)).toEqual(['queued', 'running']);
    const stored = await service.latest(1);
    expect(stored[0]).toMatchObject({ id: run.id, status: 'passed' });
  });

  it('re-running a finished self-check job changes nothing (idempotent handler)', async () => {
    const service = ctx.get(SelfCheckService);
    const [latest] = await service.latest(1);
    const again = await service.run(latest.id);
    expect(again).toEqual(latest);
    expect(await service.run('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('records job outcomes and exposes queue counts', async () => {
    const counts = await ctx.get(JobQueue).counts();
    const system = counts.find((c) => c.name === 'system');
    expect(system?.completed).toBeGreaterThanOrEqual(1);
    expect(JobName.SystemSelfCheck).toBe('system-self-check');
  });
});
