import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { EventBus, JobQueue, QueueName, SecretBox } from '@soulspot/api/core';
import { SourcesService, SpotifySyncSchedule } from '@soulspot/api/spotify';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { startFakeSpotify, type FakeSpotify } from '@soulspot/fakes';
import { WorkerModule } from './worker.module';

const ROAD_TRIP = '3cEYpjA9oz9GiPac4AsH4n';

describe('Spotify sync jobs in the worker (BullMQ on real Redis, fake Spotify)', () => {
  let ctx: INestApplicationContext;
  let drop: () => Promise<void>;
  let fake: FakeSpotify;
  let db: DataSource;

  beforeAll(async () => {
    fake = await startFakeSpotify();
    const d = await createTestDatabase('worker_spotify');
    drop = d.drop;
    const config = { ...testConfig({ redisPrefix: testRedisPrefix('worker_spotify'), role: 'worker' }), databaseUrl: d.url };
    ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error'] });
    await ctx.init();
    db = ctx.get<DataSource>(getDataSourceToken());
    const box = ctx.get(SecretBox);
    await db.query(`INSERT INTO settings (section, value) VALUES ('spotify', $1)`, [JSON.stringify({ clientId: fake.clientId, accountsBaseUrl: fake.accountsUrl, apiBaseUrl: fake.apiUrl })]);
    const t = fake.control.issueTokens();
    await db.query(
      `INSERT INTO spotify_tokens (spotify_user_id, display_name, access_token_sealed, refresh_token_sealed, expires_at, scopes) VALUES ($1, 'me', $2, $3, now() + interval '1 hour', '{}')`,
      [fake.library.me.id, box.encrypt(t.access_token), box.encrypt(t.refresh_token)],
    );
  });
  afterAll(async () => {
    await ctx?.close();
    await drop?.();
    await fake?.close();
  });

  it('adding a list queues its sync; the worker syncs it and reports live', async () => {
    const events = ctx.get(EventBus);
    const done = firstValueFrom(events.on('source.sync.updated').pipe(filter((e) => e.payload.lastSyncStatus === 'ok'), timeout(20_000)));
    await new Promise((r) => setTimeout(r, 100));
    const source = await ctx.get(SourcesService).create({ kind: 'spotify_playlist', externalId: ROAD_TRIP, name: 'Road trip' });
    const synced = (await done).payload;
    expect(synced.id).toBe(source.id);
    expect(synced.counts.total).toBe(new Set(fake.library.playlists.get(ROAD_TRIP)?.entries.flatMap((e) => (e.kind === 'track' ? [e.trackId] : []))).size);
  });

  it('a 429 with a long Retry-After parks the job as delayed instead of sleeping or failing', async () => {
    const sources = ctx.get(SourcesService);
    const [source] = await sources.list();
    fake.control.mutatePlaylist(ROAD_TRIP, { addTracks: 1 });
    fake.control.injectFault({ status: 429, retryAfterSec: 3600 });
    const queued = firstValueFrom(events().pipe(filter((e) => e.payload.id === source.id && /Rate limited/.test(e.payload.lastSyncMessage ?? '')), timeout(20_000)));
    await sources.requestSync(source.id);
    await queued;
    const queue = ctx.get(JobQueue).queue(QueueName.Spotify);
    const delayed = await queue.getJobs(['delayed']);
    expect(delayed).toHaveLength(1);
    const job = delayed[0];
    expect(job.data).toEqual({ sourceId: source.id });
    expect(job.timestamp + (job.delay ?? 0)).toBeGreaterThan(Date.now() + 3_500_000);
    expect(await queue.getJobCountByTypes('failed')).toBe(0);
  });

  it('the schedule only enqueues sources whose interval has elapsed', async () => {
    const schedule = ctx.get(SpotifySyncSchedule);
    await db.query(`UPDATE list_sources SET last_sync_status = 'ok', last_sync_at = now()`);
    expect(await schedule.enqueueDue()).toBe(0);
    await db.query(`UPDATE list_sources SET last_sync_at = now() - interval '7 hours'`);
    expect(await schedule.enqueueDue()).toBe(1);
    expect(await schedule.enqueueDue()).toBe(0);
  });

  it('a source left "queued" by a lost job (Redis wiped) gets one new job at the second check', async () => {
    const schedule = ctx.get(SpotifySyncSchedule);
    const queue = ctx.get(JobQueue).queue(QueueName.Spotify);
    await queue.obliterate({ force: true });
    await queue.pause(); // keeps the new job in sight
    try {
      const [source] = await ctx.get(SourcesService).list();
      await db.query(`UPDATE list_sources SET last_sync_status = 'queued', last_sync_at = now() WHERE id = $1`, [source.id]);
      expect(await schedule.recoverLost()).toEqual([]); // first sighting: an enqueue may be in flight
      expect(await schedule.recoverLost()).toEqual([source.id]);
      expect(await schedule.recoverLost()).toEqual([]); // its job is there now
      const waiting = await queue.getJobs(['waiting']);
      expect(waiting.map((j) => j.data)).toEqual([{ sourceId: source.id }]);
    } finally {
      await queue.resume();
    }
  });

  function events() {
    return ctx.get(EventBus).on('source.sync.updated');
  }
});
