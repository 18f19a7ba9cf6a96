import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CoreModule, JobName, JobQueue, QueueName, jobId } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LIBRARY_ENTITIES, LibraryModule } from '@soulspot/api/library';
import { METADATA_ENTITIES, MetadataModule } from '@soulspot/api/metadata';
import { PLATFORM_ENTITIES, PlatformModule } from '@soulspot/api/platform';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { AutomationModule } from '../automation.module';
import { LostJobsService } from './lost-jobs.service';

jest.setTimeout(60_000);

/*
 * Redis losing its queues (restart without persistence) must not strand work that PostgreSQL still holds:
 * real PostgreSQL and Redis; the queues are emptied with BullMQ's obliterate, as a wiped Redis would be.
 */

let ctx: INestApplicationContext;
let db: DataSource;
let drop: () => Promise<void>;
let recovery: LostJobsService;
let jobs: JobQueue;

async function download(minutesAgo: number, withFile = true): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO downloads (state, position, artist, title, profile, local_path, finished_at)
     VALUES ('done', 1, 'Artist', 'Title', 'balanced', $1, now() - ($2 || ' minutes')::interval) RETURNING id`,
    [withFile ? '/downloads/x.flac' : null, minutesAgo],
  )) as { id: string }[];
  return rows[0].id;
}

async function importRow(minutesAgo: number, status = 'queued', downloadId: string | null = null): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO imports (status, source_path, download_id, created_at) VALUES ($1, '/downloads/x.flac', $2, now() - ($3 || ' minutes')::interval) RETURNING id`,
    [status, downloadId, minutesAgo],
  )) as { id: string }[];
  return rows[0].id;
}

const hasJob = async (queue: QueueName, name: JobName, id: string) => !!(await jobs.queue(queue).getJob(jobId(name, id)));

beforeAll(async () => {
  const database = await createTestDatabase('automation_lost_jobs');
  drop = database.drop;
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(testConfig({ redisPrefix: testRedisPrefix('automation_lost_jobs'), role: 'worker' })),
      DatabaseModule.forRoot({ url: database.url, entities: [...PLATFORM_ENTITIES, ...LIBRARY_ENTITIES, ...METADATA_ENTITIES] }),
      PlatformModule.forWorker(),
      LibraryModule.forWorker(),
      MetadataModule.forWorker(),
      AutomationModule.forWorker(),
    ],
  }).compile();
  ctx = await moduleRef.init();
  db = ctx.get(DataSource);
  recovery = ctx.get(LostJobsService);
  jobs = ctx.get(JobQueue);
});

afterAll(async () => {
  for (const q of [QueueName.Automation, QueueName.Import]) await jobs?.queue(q).obliterate({ force: true });
  await ctx?.close();
  await drop?.();
});

describe('LostJobsService', () => {
  it('re-queues a verified download that has no import and no job, once, and only after the grace period', async () => {
    const lost = await download(5);
    const fresh = await download(0);
    const imported = await download(5);
    await importRow(5, 'done', imported);
    const noFile = await download(5, false);

    expect(await recovery.recover()).toMatchObject({ handOvers: 1 });
    expect(await hasJob(QueueName.Automation, JobName.DownloadVerified, lost)).toBe(true);
    for (const id of [fresh, imported, noFile]) expect(await hasJob(QueueName.Automation, JobName.DownloadVerified, id)).toBe(false);

    // The job is there now (whatever its state): nothing is added twice.
    expect(await recovery.recover()).toMatchObject({ handOvers: 0 });
    expect(await jobs.queue(QueueName.Automation).getJobCounts('waiting', 'delayed', 'active')).toMatchObject({ waiting: 1 });

    // Redis loses everything: the next check puts it back.
    await jobs.queue(QueueName.Automation).obliterate({ force: true });
    expect(await recovery.recover()).toMatchObject({ handOvers: 1 });
    expect(await hasJob(QueueName.Automation, JobName.DownloadVerified, lost)).toBe(true);
  });

  it('re-queues a queued import whose job is gone, and leaves running, finished and fresh ones alone', async () => {
    const lost = await importRow(10);
    const withJob = await importRow(10);
    await jobs.enqueue({ name: JobName.ImportFile, data: { importId: withJob } });
    const fresh = await importRow(0);
    const running = await importRow(10, 'running');
    const failed = await importRow(10, 'failed');

    const report = await recovery.recover();
    expect(report.imports).toBe(1);
    expect(await hasJob(QueueName.Import, JobName.ImportFile, lost)).toBe(true);
    for (const id of [fresh, running, failed]) expect(await hasJob(QueueName.Import, JobName.ImportFile, id)).toBe(false);
    expect(await jobs.queue(QueueName.Import).getJobCounts('waiting')).toMatchObject({ waiting: 2 });
  });
});
