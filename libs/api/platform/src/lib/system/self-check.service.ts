import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { SelfCheckRun, SelfCheckStep } from '@soulspot/shared/contracts';
import { APP_CONFIG, AppConfig, EventBus, JobName, JobQueue, REDIS } from '@soulspot/api/core';
import { SettingsService } from '../settings/settings.service';
import { SelfCheckRepository, toSelfCheckRun } from './self-check.repository';

const MIN_FREE_BYTES = 1024 ** 3;

/** The example job: the api records a request, the worker runs the checks and reports each step live. */
@Injectable()
export class SelfCheckService {
  private readonly logger = new Logger(SelfCheckService.name);

  constructor(
    private readonly repo: SelfCheckRepository,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    private readonly settings: SettingsService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async request(): Promise<SelfCheckRun> {
    const run = toSelfCheckRun(await this.repo.create());
    await this.jobs.enqueue({ name: JobName.SystemSelfCheck, data: { runId: run.id } });
    await this.events.publish({ type: 'self-check.updated', payload: run });
    return run;
  }

  async latest(limit = 10): Promise<SelfCheckRun[]> {
    return (await this.repo.latest(limit)).map(toSelfCheckRun);
  }

  /** Idempotent: a run that is gone or already finished is left alone (e.g. a job retried after a crash). */
  async run(runId: string): Promise<SelfCheckRun | null> {
    const run = await this.repo.findById(runId);
    if (!run || run.status === 'passed' || run.status === 'failed') return run ? toSelfCheckRun(run) : null;
    run.status = 'running';
    run.startedAt = new Date();
    run.steps = [];
    await this.repo.save(run);
    await this.events.publish({ type: 'self-check.updated', payload: toSelfCheckRun(run) });

    const library = (await this.settings.getGeneral()).libraryPath;
    const checks: [string, () => Promise<string>][] = [
      ['database', async () => `PostgreSQL answered: ${String((await this.db.query('SELECT current_setting($1) AS v', ['server_version']))[0].v)}`],
      ['redis', async () => `Redis answered ${await this.redis.ping()}`],
      ['data folder writable', () => this.checkWritable(this.config.dataDir)],
      ['library folder writable', () => this.checkWritable(library)],
      ['free disk space', () => this.checkFreeSpace(this.config.dataDir)],
    ];
    for (const [name, check] of checks) {
      const t0 = Date.now();
      let step: SelfCheckStep;
      try {
        step = { name, ok: true, detail: await check(), durationMs: Date.now() - t0 };
      } catch (e) {
        step = { name, ok: false, detail: (e as Error).message, durationMs: Date.now() - t0 };
      }
      run.steps = [...run.steps, step];
      await this.repo.save(run);
      await this.events.publish({ type: 'self-check.updated', payload: toSelfCheckRun(run) });
    }
    run.status = run.steps.every((s) => s.ok) ? 'passed' : 'failed';
    run.finishedAt = new Date();
    await this.repo.save(run);
    const result = toSelfCheckRun(run);
    await this.events.publish({ type: 'self-check.updated', payload: result });
    this.logger.log(`self-check ${run.id} ${run.status} in ${run.finishedAt.getTime() - (run.startedAt?.getTime() ?? 0)} ms`);
    return result;
  }

  async purgeOlderThan(days: number): Promise<number> {
    return this.repo.deleteOlderThan(new Date(Date.now() - days * 86_400_000));
  }

  private async checkWritable(dir: string): Promise<string> {
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `.soulspot-probe-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, 'ok');
    await rm(probe);
    return `${dir} is writable`;
  }

  private async checkFreeSpace(dir: string): Promise<string> {
    const s = await statfs(dir);
    const free = s.bavail * s.bsize;
    const gib = (free / 1024 ** 3).toFixed(1);
    if (free < MIN_FREE_BYTES) throw new Error(`only ${gib} GiB free under ${dir}`);
    return `${gib} GiB free under ${dir}`;
  }
}
