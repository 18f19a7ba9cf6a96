import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Worker } from 'bullmq';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { ImportRecord } from '@soulspot/shared/contracts';
import { CoreModule, createRedis, JobQueue, QueueName } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LIBRARY_ENTITIES, LibraryModule } from '@soulspot/api/library';
import { PLATFORM_ENTITIES, PlatformModule } from '@soulspot/api/platform';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { METADATA_ENTITIES, MetadataModule } from '../metadata.module';
import { ImportSettingsService } from './import-settings.service';
import { ImportsService } from './imports.service';

jest.setTimeout(60_000);

/**
 * Retry through the real BullMQ queue (a BullMQ Worker runs the jobs, as the worker process does): the job id
 * is the import id and BullMQ keeps finished jobs, so a retry that only enqueued was dropped as a duplicate and
 * the import stayed queued forever. Metadata steps off: this is about the job, not the lookups.
 */
describe('import retry through BullMQ (real PostgreSQL + Redis)', () => {
  let app: INestApplication;
  let imports: ImportsService;
  let worker: Worker;
  let connection: Redis;
  let drop: () => Promise<void>;
  let work: string;

  beforeAll(async () => {
    const db = await createTestDatabase('imports-retry');
    drop = db.drop;
    work = mkdtempSync(join(tmpdir(), 'soulspot-import-retry-'));
    const config = testConfig({ redisPrefix: testRedisPrefix('imports-retry') });
    const moduleRef = await Test.createTestingModule({
      imports: [
        CoreModule.forRoot(config),
        DatabaseModule.forRoot({ url: db.url, entities: [...PLATFORM_ENTITIES, ...LIBRARY_ENTITIES, ...METADATA_ENTITIES] }),
        PlatformModule.forWorker(),
        LibraryModule.forWorker(),
        MetadataModule.forApi(),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
    imports = app.get(ImportsService);
    await app.get(ImportSettingsService).update({ libraryPath: join(work, 'library'), steps: { musicbrainz: false, coverArt: false, lyrics: false, lastfmGenres: false } });
    const queue = app.get(JobQueue).queue(QueueName.Import);
    connection = createRedis(config.redisUrl, { connectionName: 'imports-retry-worker' });
    worker = new Worker(queue.name, async (job) => imports.process((job.data as { importId: string }).importId), { connection, prefix: queue.opts.prefix });
  });
  afterAll(async () => {
    await worker?.close();
    await connection?.quit();
    await app?.close();
    await drop?.();
  });

  const until = async (id: string, status: ImportRecord['status']): Promise<ImportRecord> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const record = await imports.get(id);
      if (record.status === status) return record;
      if (Date.now() > deadline) throw new Error(`import ${id} stayed ${record.status} (wanted ${status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('a failed import retried after its file was fixed runs again and is filed', async () => {
    const path = join(work, 'Artist - Song.mp3');
    writeFileSync(path, Buffer.alloc(8192, 7));
    const created = await imports.create({ path, hints: { artist: 'Artist', title: 'Song', album: 'Album' } });
    const failed = await until(created.id, 'failed');
    expect(failed.error).toMatch(/unsupported|corrupt/);

    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', '-b:a', '64k', path]);
    await imports.retry(created.id);
    const done = await until(created.id, 'done');
    expect(done.attempts).toBe(2);
    expect(existsSync(done.resultPath ?? '')).toBe(true);
    expect(existsSync(path)).toBe(false);

  });
});
