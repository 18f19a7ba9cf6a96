/*
 * Spotify list sync figures → one JSON line {tracks, importMs, requests, importMsAt50ms, requestsAt50ms, resyncMs, resyncRequests, rssPeakMb}.
 * Run: npm run ts tools/bench/bench-sync.ts   (BENCH_SYNC_TRACKS=10000 by default)
 *
 * A 10,000-track owned playlist on the fake Spotify (no added latency) is synced into a fresh, migrated
 * PostgreSQL database through the real services (token provider, client, bulk writes); then the same
 * playlist into a second fresh database with 50 ms per request; then an unchanged re-sync.
 */
import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CoreModule, SecretBox } from '@soulspot/api/core';
import { DatabaseModule } from '@soulspot/api/database';
import { LibraryModule } from '@soulspot/api/library';
import { PlatformModule } from '@soulspot/api/platform';
import { ALL_ENTITIES } from '@soulspot/api/schema';
import { SourcesService, SourceSyncService, SpotifyConnectionService, SpotifyModule } from '@soulspot/api/spotify';
import { createTestDatabase, testConfig, testRedisPrefix } from '@soulspot/api/testing';
import { startFakeSpotify, type FakeSpotify } from '@soulspot/fakes';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';

const TRACKS = Number(process.env['BENCH_SYNC_TRACKS'] ?? 10_000);

async function run(fake: FakeSpotify, playlistId: string, latencyMs: number, resync: boolean) {
  const db = await createTestDatabase('bench_sync');
  const config = { ...testConfig({ redisPrefix: testRedisPrefix('bench_sync'), logLevel: 'error' }), databaseUrl: db.url };
  @Module({
    imports: [CoreModule.forRoot(config), DatabaseModule.forRoot({ url: db.url, entities: ALL_ENTITIES, applicationName: 'bench-sync' }), PlatformModule.forWorker(), LibraryModule.forWorker(), SpotifyModule.forWorker()],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  try {
    const ds = app.get<DataSource>(getDataSourceToken());
    const box = app.get(SecretBox);
    await ds.query(`INSERT INTO settings (section, value) VALUES ('spotify', $1)`, [JSON.stringify({ clientId: fake.clientId, accountsBaseUrl: fake.accountsUrl, apiBaseUrl: fake.apiUrl })]);
    const t = fake.control.issueTokens();
    await ds.query(
      `INSERT INTO spotify_tokens (spotify_user_id, display_name, access_token_sealed, refresh_token_sealed, expires_at, scopes) VALUES ($1, 'bench', $2, $3, now() + interval '1 hour', '{}')`,
      [fake.library.me.id, box.encrypt(t.access_token), box.encrypt(t.refresh_token)],
    );
    await app.get(SpotifyConnectionService).requireAccount();
    const source = await app.get(SourcesService).create({ kind: 'spotify_playlist', externalId: playlistId, name: 'Everything' }).catch(async (e: Error) => {
      throw e;
    });
    const sync = app.get(SourceSyncService);
    fake.control.setLatency(latencyMs);
    fake.control.resetRequestLog();
    const t0 = performance.now();
    const result = await sync.sync(source.id);
    const ms = performance.now() - t0;
    const requests = fake.control.countRequests('/v1/');
    let resyncMs = 0;
    let resyncRequests = 0;
    if (resync) {
      fake.control.resetRequestLog();
      const t1 = performance.now();
      await sync.sync(source.id);
      resyncMs = performance.now() - t1;
      resyncRequests = fake.control.countRequests('/v1/');
    }
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM source_entries WHERE source_id = $1', [source.id])) as { n: number }[];
    return { ms, requests, entries: n, synced: result?.entries ?? 0, resyncMs, resyncRequests };
  } finally {
    fake.control.setLatency(0);
    await app.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  let rssPeak = 0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const fake = await startFakeSpotify({ seed: { seed: 7, largePlaylistSize: TRACKS } });
  try {
    const playlistId = [...fake.library.playlists.values()].find((p) => p.name === 'Everything')?.id;
    if (!playlistId) throw new Error('fake has no large playlist');
    const plain = await run(fake, playlistId, 0, true);
    const slow = await run(fake, playlistId, 50, false);
    console.log(
      JSON.stringify({
        tracks: TRACKS,
        entries: plain.entries,
        importMs: Math.round(plain.ms),
        requests: plain.requests,
        importMsAt50ms: Math.round(slow.ms),
        requestsAt50ms: slow.requests,
        resyncMs: Math.round(plain.resyncMs),
        resyncRequests: plain.resyncRequests,
        rssPeakMb: Math.round(rssPeak / 1024 / 1024),
      }),
    );
  } finally {
    clearInterval(sampler);
    await fake.close();
  }
  process.exit(0);
}
void main();
