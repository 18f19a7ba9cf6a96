import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import axios from 'axios';
import { LrclibClient } from './lrclib.client';
import { MetadataServiceError } from './metadata-service.error';

describe('LrclibClient against the fake LRCLIB', () => {
  let fake: FakeMetadata;
  let lrclib: LrclibClient;

  beforeAll(async () => {
    fake = await startFakeMetadata();
    lrclib = new LrclibClient({ baseUrl: fake.urls.lrclib, userAgent: 'SoulSpot/1.2.3 ( mailto:ops@soulspot.test )' });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  it('returns synced LRC and plain lyrics, matching case-insensitively within ±2 s', async () => {
    const lyrics = await lrclib.getLyrics({ artist: 'linkin park', title: 'NUMB', album: 'Meteora', durationSec: 189 });
    expect(lyrics?.instrumental).toBe(false);
    expect(lyrics?.synced?.split('\n')[0]).toMatch(/^\[\d{2}:\d{2}\.\d{2}\] /);
    expect(lyrics?.plain).toContain('Numb');
    expect(lyrics?.durationSec).toBe(187);
    expect(fake.requests[0]).toMatchObject({
      path: '/api/get',
      query: { artist_name: 'linkin park', track_name: 'NUMB', album_name: 'Meteora', duration: '189' },
    });
  });

  it('finds a featured-artist track by its main artist alone', async () => {
    const lyrics = await lrclib.getLyrics({ artist: 'Mara Quinn', title: 'Satellite', album: 'Glass Houses', durationSec: 236 });
    expect(lyrics?.synced).toContain('Satellite');
  });

  it('reports instrumentals with no lyrics, and plain-only records without synced lyrics', async () => {
    await expect(lrclib.getLyrics({ artist: 'Linkin Park', title: 'Session', album: 'Meteora', durationSec: 144 })).resolves.toMatchObject({
      instrumental: true,
      synced: null,
      plain: null,
    });
    const plainOnly = await lrclib.getLyrics({ artist: 'Linkin Park', title: 'Easier to Run', durationSec: 204 });
    expect(plainOnly?.synced).toBeNull();
    expect(plainOnly?.plain).toContain('Easier to Run');
  });

  it('returns null on the real 404 body: unknown track, or duration off by more than 2 s', async () => {
    await expect(lrclib.getLyrics({ artist: 'Linkin Park', title: 'Numb', durationSec: 190 })).resolves.toBeNull();
    await expect(lrclib.getLyrics({ artist: 'Nobody', title: 'Nothing', durationSec: 100 })).resolves.toBeNull();
    const raw = await axios.get(`${fake.urls.lrclib}/api/get`, { params: { artist_name: 'Nobody', track_name: 'Nothing' }, validateStatus: () => true });
    expect(raw.status).toBe(404);
    expect(raw.data).toEqual({ message: 'Failed to find specified track', name: 'TrackNotFound', statusCode: 404 });
  });

  it('leaves out a duration LRCLIB would reject instead of failing the lookup', async () => {
    await expect(lrclib.getLyrics({ artist: 'Billie Eilish', title: 'bad guy', durationSec: 0 })).resolves.not.toBeNull();
    expect(fake.requests[0].query['duration']).toBeUndefined();
  });

  it('a server that never answers gives a retryable timeout error', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const client = new LrclibClient({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200 });
      const error = await client.getLyrics({ artist: 'a', title: 'b' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MetadataServiceError);
      expect(error).toMatchObject({ metadataService: 'lrclib', code: 'timeout', retryable: true });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
