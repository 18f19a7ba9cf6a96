import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import { LastfmClient } from './lastfm.client';
import { MetadataServiceError } from './metadata-service.error';

describe('LastfmClient against the fake Last.fm', () => {
  let fake: FakeMetadata;
  const client = (apiKey: string | null) => new LastfmClient({ apiKey, baseUrl: fake.urls.lastfm });

  beforeAll(async () => {
    fake = await startFakeMetadata({ lastfm: { validApiKeys: ['good-key'], maxRequestsPerSecond: 3 } });
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.clearRequests();
    // Let the fake's per-second window empty between tests.
    await new Promise((resolve) => setTimeout(resolve, 1_050));
  });

  it('returns track and artist tags as lower-case genres ordered by weight', async () => {
    const lastfm = client('good-key');
    const trackTags = await lastfm.getTrackTopTags({ artist: 'AC/DC', track: 'Hells Bells' });
    expect(trackTags.map((t) => t.name)).toEqual(['hard rock', 'rock', 'classic rock']);
    expect(trackTags[0].count).toBe(100);
    const artistTags = await lastfm.getArtistTopTags({ artist: 'Billie Eilish' });
    expect(artistTags.map((t) => t.name)).toEqual(['electropop', 'pop']);
    expect(fake.requests[0].query).toMatchObject({ method: 'track.getTopTags', format: 'json', api_key: 'good-key' });
  });

  it('accepts a single tag sent as an object instead of an array', async () => {
    fake.catalogue.addAlbums([{ artist: 'One Tag Band', title: 'Solo', date: '2020', genres: ['shoegaze'], tracks: [{ title: 'Only', durationMs: 100000 }] }]);
    await expect(client('good-key').getArtistTopTags({ artist: 'One Tag Band' })).resolves.toEqual([{ name: 'shoegaze', count: 100 }]);
  });

  it('treats "not found" (error 6 in a 200 body, or an empty list) as no tags', async () => {
    const lastfm = client('good-key');
    await expect(lastfm.getArtistTopTags({ artist: 'Nobody At All' })).resolves.toEqual([]);
    await expect(lastfm.getTrackTopTags({ artist: 'AC/DC', track: 'No Such Song' })).resolves.toEqual([]);
    expect(fake.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('an invalid key is a permanent error although the HTTP status is 200', async () => {
    const error = await client('bad-key')
      .getArtistTopTags({ artist: 'AC/DC' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetadataServiceError);
    expect(error).toMatchObject({ metadataService: 'lastfm', status: 200, serviceCode: 10, code: 'invalid_api_key', retryable: false });
  });

  it('rate limiting (error 29) is retryable with a wait hint', async () => {
    const lastfm = client('good-key');
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => lastfm.getArtistTopTags({ artist: 'AC/DC' })));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatchObject({ serviceCode: 29, code: 'rate_limited', retryable: true, retryAfterMs: expect.any(Number) });
  });

  it('is disabled without an API key and then sends nothing', async () => {
    const lastfm = client(null);
    expect(lastfm.enabled).toBe(false);
    await expect(lastfm.getTrackTopTags({ artist: 'AC/DC', track: 'Hells Bells' })).resolves.toEqual([]);
    expect(fake.requestCount('lastfm')).toBe(0);
  });
});
