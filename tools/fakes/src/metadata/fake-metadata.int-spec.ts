import { FakeMetadata, startFakeMetadata } from './fake-metadata';

const UA = { 'User-Agent': 'SoulSpot-fake-spec/1.0 ( mailto:ops@soulspot.test )' };

async function getJson(url: string, headers: Record<string, string> = UA): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, { headers, redirect: 'manual' });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML and text bodies stay strings.
  }
  return { status: response.status, body, headers: response.headers };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fake metadata services', () => {
  let fake: FakeMetadata;

  beforeAll(async () => {
    fake = await startFakeMetadata({
      musicBrainz: { minIntervalMs: 300, retryAfterSeconds: 1 },
      tracks: [
        { artist: 'Seeded Artist', album: 'Seeded Album', title: 'Second', durationMs: 200_000, trackNumber: 2, releaseDate: '2021-05-05' },
        { artist: 'Seeded Artist', album: 'Seeded Album', title: 'First', durationMs: 180_000, trackNumber: 1, isrc: 'QZABC2100001' },
      ],
    });
  });
  afterAll(() => fake.close());

  describe('MusicBrainz', () => {
    const mb = (path: string) => `${fake.urls.musicBrainz}/ws/2/${path}${path.includes('?') ? '&' : '?'}fmt=json`;

    it('refuses requests without an application User-Agent before counting them', async () => {
      const missing = await getJson(mb('isrc/USWB10300483'), {});
      const generic = await getJson(mb('isrc/USWB10300483'), { 'User-Agent': 'axios/1.13.2' });
      expect([missing.status, generic.status]).toEqual([403, 403]);
      expect(generic.body).toMatchObject({ error: expect.any(String), help: expect.any(String) });
    });

    it('answers 503 with the documented body (and Retry-After when configured) to a client faster than the limit', async () => {
      await sleep(300);
      const first = await getJson(mb('isrc/USWB10300483'));
      const second = await getJson(mb('isrc/USWB10300483'));
      expect(first.status).toBe(200);
      expect(second.status).toBe(503);
      expect(second.body).toMatchObject({ error: expect.stringContaining('exceeding the allowable rate limit') });
      expect(second.headers.get('retry-after')).toBe('1');
      await sleep(300);
      expect((await getJson(mb('isrc/USWB10300483'))).status).toBe(200);
    });

    it('uses the {error, help} envelope for 400 and 404', async () => {
      await sleep(300);
      expect(await getJson(mb('isrc/nope'))).toMatchObject({ status: 400, body: { error: 'Invalid isrc.' } });
      await sleep(300);
      expect(await getJson(mb('release/00000000-0000-4000-8000-000000000000'))).toMatchObject({ status: 404, body: { error: 'Not Found' } });
    });

    it('search: count/offset/created/score, singular media[].track, limit clamped to 100', async () => {
      await sleep(300);
      const { body } = await getJson(mb(`recording?query=${encodeURIComponent('artist:"Linkin Park"')}&limit=500&offset=2`));
      const result = body as { count: number; offset: number; created: string; recordings: Array<{ score: number; releases: Array<{ media: Array<{ track: unknown[] }> }> }> };
      expect(result.count).toBe(13);
      expect(result.offset).toBe(2);
      expect(result.recordings).toHaveLength(11);
      expect(Number.isNaN(Date.parse(result.created))).toBe(false);
      expect(result.recordings[0].releases[0].media[0].track).toHaveLength(1);
    });

    it('seeding from flat track rows builds an album with ordered tracks', async () => {
      await sleep(300);
      const { body } = await getJson(mb('isrc/QZABC2100001?inc=releases+media'));
      expect(body).toMatchObject({
        recordings: [{ title: 'First', releases: [{ title: 'Seeded Album', media: [{ 'track-count': 2, tracks: [{ position: 1 }] }] }] }],
      });
    });
  });

  describe('Cover Art Archive', () => {
    it('redirects with 307, validates MBIDs, answers 404 in HTML, 405 for other methods, and supports HEAD', async () => {
      const meteora = [...fake.catalogue.releases.values()].find((r) => r.title === 'Meteora');
      const redirect = await fetch(`${fake.urls.coverArtArchive}/release/${meteora?.id}/front-250`, { redirect: 'manual' });
      expect(redirect.status).toBe(307);
      expect(redirect.headers.get('location')).toMatch(new RegExp(`^${fake.urls.archive}/download/mbid-${meteora?.id}/.*_thumb250\\.jpg$`));
      const listing = await fetch(`${fake.urls.coverArtArchive}/release/${meteora?.id}`);
      expect(await listing.json()).toMatchObject({ images: [{ front: true, types: ['Front'] }] });
      expect((await getJson(`${fake.urls.coverArtArchive}/release/NOT-A-UUID/front`)).status).toBe(400);
      const missing = await getJson(`${fake.urls.coverArtArchive}/release/00000000-0000-4000-8000-000000000000/front`);
      expect(missing.status).toBe(404);
      expect(String(missing.body)).toContain('<title>404 Not Found</title>');
      expect((await fetch(`${fake.urls.coverArtArchive}/release/${meteora?.id}/front`, { method: 'POST' })).status).toBe(405);
      const head = await fetch(`${fake.urls.coverArtArchive}/release/${meteora?.id}/front`, { method: 'HEAD', redirect: 'manual' });
      expect(head.status).toBe(307);
      expect((await getJson(`${fake.urls.coverArtArchive}/release-group/${meteora?.releaseGroupId}/back`)).status).toBe(400);
    });
  });

  describe('LRCLIB, Last.fm, Deezer error shapes', () => {
    it('LRCLIB validates like the real server', async () => {
      expect(await getJson(`${fake.urls.lrclib}/api/get?artist_name=Linkin%20Park`)).toMatchObject({ status: 400, body: { name: 'ValidationError' } });
      expect(await getJson(`${fake.urls.lrclib}/api/get?artist_name=a&track_name=b&duration=4000`)).toMatchObject({ status: 400 });
      const search = await getJson(`${fake.urls.lrclib}/api/search?q=zzzz-nothing`);
      expect(search).toMatchObject({ status: 200, body: [] });
    });

    it('Last.fm: unknown method is error 3 inside HTTP 200', async () => {
      expect(await getJson(`${fake.urls.lastfm}?method=track.nope&api_key=k&format=json`)).toMatchObject({ status: 200, body: { error: 3 } });
    });

    it('Deezer: always 200, with typed errors and next links', async () => {
      expect(await getJson(`${fake.urls.deezer}/nope`)).toMatchObject({ status: 200, body: { error: { code: 600, type: 'InvalidQueryException' } } });
      expect(await getJson(`${fake.urls.deezer}/search`)).toMatchObject({ body: { error: { code: 501 } } });
      expect(await getJson(`${fake.urls.deezer}/search?q=`)).toMatchObject({ body: { error: { code: 500 } } });
      const page = await getJson(`${fake.urls.deezer}/search?q=${encodeURIComponent('artist:"Linkin Park"')}&limit=5`);
      expect(page.body).toMatchObject({ total: 13, next: expect.stringContaining('index=5') });
    });
  });
});
