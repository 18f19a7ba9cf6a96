import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DownloadRepository, DownloadSettingsService, DownloadsService, SlskdSettingsService } from '@soulspot/api/soulseek';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { WorkerModule } from './worker.module';

/**
 * The whole worker as deployed: its schedule enqueues ticks every 2 s, the tick, search and verify jobs
 * run on BullMQ (real Redis) against the fake slskd. Nothing here calls the engine directly.
 */
jest.setTimeout(60_000);

describe('download engine in the worker (schedule → tick → search → transfer → verify)', () => {
  let ctx: INestApplicationContext;
  let drop: () => Promise<void>;
  let fake: FakeSlskd;
  let downloadsDir: string;

  beforeAll(async () => {
    downloadsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'worker-downloads-'));
    const dir = '@@dora\\Music\\Mara Quinn\\2018 - Glass Houses';
    fake = await startFakeSlskd({
      downloadsDir,
      catalogue: {
        peers: [
          {
            username: 'dora',
            uploadSpeed: 2_000_000,
            queueLength: 0,
            hasFreeUploadSlot: true,
            responseDelayMs: 20,
            files: [{ path: `${dir}\\04 - Undertow.mp3`, size: 160_000, length: 4, bitRate: 320 }],
          },
        ],
      },
      timing: { searchResponseDelayMs: [10, 40], searchPostLatencyMs: 10, searchFinalizeDelayMs: 20, transferStepMs: 30, progressIntervalMs: 40, maxTransferMs: 300, fileMoveDelayMs: 40 },
    });
    const d = await createTestDatabase('worker_dl');
    drop = d.drop;
    const config = { ...testConfig({ redisPrefix: testRedisPrefix('worker_dl'), role: 'worker' }), databaseUrl: d.url };
    ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
    await ctx.init();
    await ctx.get(SlskdSettingsService).update({ url: fake.url, apiKey: fake.apiKey, downloadsPathLocal: downloadsDir, downloadsPathRemote: downloadsDir, searchMinGapMs: 0, searchTimeoutMs: 200 });
    await ctx.get(DownloadSettingsService).update({ verifyDecode: false });
  });
  afterAll(async () => {
    await ctx?.close();
    await drop?.();
    await fake?.close();
    await fs.rm(downloadsDir, { recursive: true, force: true });
  });

  it('a queued track ends verified in the downloads folder without anyone driving the engine', async () => {
    const created = await ctx.get(DownloadsService).create({ track: { artist: 'Mara Quinn', title: 'Undertow', album: 'Glass Houses', durationMs: 4_000 } });
    const id = created.items[0].id;
    const repo = ctx.get(DownloadRepository);
    const deadline = Date.now() + 40_000;
    for (;;) {
      const row = await repo.findById(id);
      if (row?.state === 'done' || row?.state === 'failed') {
        expect(row).toMatchObject({ state: 'done', username: 'dora', attemptCount: 1 });
        expect(row.localPath?.startsWith(downloadsDir)).toBe(true);
        return;
      }
      if (Date.now() > deadline) throw new Error(`still ${row?.state} (${row?.message ?? ''})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
