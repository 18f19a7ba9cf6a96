import { FakeMetadata, fakeIsrc, startFakeMetadata } from '@soulspot/fakes';
import axios from 'axios';
import { InMemoryLruCache } from './metadata-cache';
import { MetadataServiceError } from './metadata-service.error';
import { MusicBrainzClient, MusicBrainzClientOptions } from './musicbrainz.client';
import { IntervalRateGate } from './rate-gate';

const UA = 'SoulSpot/1.2.3 ( mailto:ops@soulspot.test )';
const NUMB_ISRC = 'USWB10300483';

/** Meteora's tracks as Spotify would list them (ISRCs follow the fake catalogue's prefix rule). */
const METEORA = [
  ['Foreword', 13000],
  ["Don't Stay", 187000],
  ['Somewhere I Belong', 213000],
  ['Lying from You', 175000],
  ['Hit the Floor', 164000],
  ['Easier to Run', 204000],
  ['Faint', 162000],
  ['Figure.09', 197000],
  ['Breaking the Habit', 196000],
  ['From the Inside', 175000],
  ["Nobody's Listening", 178000],
  ['Session', 144000],
  ['Numb', 187000],
] as const;

function mbRequests(fake: FakeMetadata, status?: number): number {
  return fake.requestCount('musicbrainz', (r) => status === undefined || r.status === status);
}

describe('MusicBrainzClient against the fake MusicBrainz', () => {
  let fake: FakeMetadata;
  // One gate for the whole block, like the process-wide gate in production: requests of consecutive tests
  // must not come closer together than the fake allows either.
  // Four times the fake's spacing: the gate times the start of a request, the fake its arrival, and on a
  // loaded machine the two can drift apart by tens of milliseconds.
  const gate = new IntervalRateGate({ minIntervalMs: 100 });

  /** Fast limits for the functional tests: the fake enforces 25 ms spacing and the client keeps to it. */
  function client(options: MusicBrainzClientOptions = {}): MusicBrainzClient {
    return new MusicBrainzClient({
      baseUrl: fake.urls.musicBrainz,
      userAgent: UA,
      rateGate: gate,
      ...options,
    });
  }

  beforeAll(async () => {
    fake = await startFakeMetadata({ musicBrainz: { minIntervalMs: 25, toleranceMs: 0 } });
    // The first request of a cold process can reach the server late (module loading, connection set-up) and
    // make the next one look early; one warm-up request keeps the counts below about the client alone.
    await client().getRecording('00000000-0000-4000-8000-000000000000');
    await gate.backoff(200);
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.clearRequests());

  describe('lookups', () => {
    it('maps an ISRC to the recording, its credits and every release with track position and release group', async () => {
      const [numb, ...others] = await client().lookupIsrc(NUMB_ISRC);
      expect(others).toHaveLength(0);
      expect(numb).toMatchObject({ title: 'Numb', lengthMs: 187000, artist: 'Linkin Park', isrcs: [NUMB_ISRC], firstReleaseDate: '2003-03-25' });
      expect(numb.artistCredits[0]).toMatchObject({ name: 'Linkin Park', joinPhrase: '' });
      const byTitle = Object.fromEntries(numb.releases.map((r) => [r.title, r]));
      expect(Object.keys(byTitle).sort()).toEqual(['Meteora', 'Meteora (20th Anniversary Edition)', 'Numb', 'Rock Anthems of the Decade']);
      expect(byTitle['Meteora']).toMatchObject({
        date: '2003-03-25',
        status: 'Official',
        position: { trackNumber: 13, number: '13', trackTotal: 13, discNumber: 1 },
        releaseGroup: { primaryType: 'Album', secondaryTypes: [] },
      });
      expect(byTitle['Rock Anthems of the Decade'].releaseGroup?.secondaryTypes).toEqual(['Compilation']);
      expect(numb.genres).toContain('nu metal');
      // The ISRC path sends the documented query shape with a proper User-Agent.
      const logged = fake.requests.find((r) => r.service === 'musicbrainz');
      expect(logged).toMatchObject({ path: `/ws/2/isrc/${NUMB_ISRC}`, userAgent: UA, status: 200 });
      expect(logged?.query['fmt']).toBe('json');
    });

    it('returns [] for an unknown ISRC and does not even ask for a malformed one', async () => {
      const mb = client();
      await expect(mb.lookupIsrc('ZZZZZ9999999')).resolves.toEqual([]);
      await expect(mb.lookupIsrc('not-an-isrc')).resolves.toEqual([]);
      expect(mbRequests(fake)).toBe(1);
      expect(mbRequests(fake, 404)).toBe(1);
    });

    it('loads a release with all tracks, totals, label, cover flag and genres; null for an unknown MBID', async () => {
      const mb = client();
      const [numb] = await mb.lookupIsrc(NUMB_ISRC);
      const meteoraId = numb.releases.find((r) => r.title === 'Meteora')?.id ?? '';
      const release = await mb.getRelease(meteoraId);
      expect(release).toMatchObject({
        title: 'Meteora',
        artist: 'Linkin Park',
        date: '2003-03-25',
        trackTotal: 13,
        discTotal: 1,
        hasFrontCover: true,
        labels: [{ name: 'Warner Bros. Records' }],
        releaseGroup: { title: 'Meteora', primaryType: 'Album', firstReleaseDate: '2003-03-25' },
      });
      const lastTrack = release?.media[0].tracks[12];
      expect(lastTrack).toMatchObject({ title: 'Numb', trackNumber: 13, discNumber: 1, recordingId: numb.id, isrcs: [NUMB_ISRC] });
      expect(release?.genres).toEqual(expect.arrayContaining(['nu metal', 'alternative rock']));
      await expect(mb.getRelease('00000000-0000-4000-8000-000000000000')).resolves.toBeNull();
    });

    it('looks up a recording by MBID', async () => {
      const mb = client();
      const [badGuy] = await mb.lookupIsrc('USUM71900764');
      const again = await mb.getRecording(badGuy.id);
      expect(again).toMatchObject({ id: badGuy.id, title: 'bad guy', artist: 'Billie Eilish', lengthMs: 194088 });
      expect(again?.releases[0].position).toMatchObject({ trackNumber: 2, trackTotal: 14 });
    });

    it('looks up an artist with genres', async () => {
      const mb = client();
      const [hells] = await mb.lookupIsrc('AUAP08000041');
      const artist = await mb.getArtist(hells.artistCredits[0].artistId);
      expect(artist).toMatchObject({ name: 'AC/DC', sortName: 'AC/DC', type: 'Group', country: 'AU', genres: ['hard rock', 'rock'] });
    });
  });

  describe('search', () => {
    it.each([
      ['"Heroes"', 'David Bowie', 367000],
      ['Hells Bells', 'AC/DC', 312000],
      ['!!!!!!!', 'Billie Eilish', 14000],
      ['Music: Response', 'The Chemical Brothers', 320000],
    ])('finds %s by %s although the title/artist contain Lucene syntax', async (title, artist, lengthMs) => {
      const results = await client().searchRecordings({ title, artist });
      expect(results[0]).toMatchObject({ title, lengthMs });
      expect(results[0].score).toBe(100);
      expect(mbRequests(fake, 200)).toBe(1);
    });

    it('the fake really rejects unescaped syntax, so the escaping above is what makes search work', async () => {
      await gate.acquire();
      const response = await axios.get(`${fake.urls.musicBrainz}/ws/2/recording`, {
        params: { query: 'recording:"Hells Bells" AND artist:AC/DC', fmt: 'json' },
        headers: { 'User-Agent': UA },
        validateStatus: () => true,
      });
      expect(response.status).toBe(400);
      expect(response.data).toMatchObject({ error: expect.stringContaining('Invalid query') });
    });

    it("drops Spotify's neutral suffixes from the query", async () => {
      const results = await client().searchRecordings({ title: 'Back in Black - 2003 Remaster', artist: 'AC/DC' });
      expect(results.map((r) => r.title)).toContain('Back in Black');
      expect(fake.requests[0].query['query']).toBe('recording:"Back in Black" AND artist:"AC\\/DC"');
    });
  });

  describe('identifyTrack', () => {
    it('tags a track Spotify lists on a compilation with its original studio album', async () => {
      const found = await client().identifyTrack({
        title: 'Numb',
        artist: 'Linkin Park',
        album: 'Rock Anthems of the Decade',
        durationMs: 186_500,
        isrc: NUMB_ISRC,
      });
      expect(found).toMatchObject({ via: 'isrc', trackNumber: 13, trackTotal: 13, discNumber: 1, discTotal: 1 });
      expect(found?.release).toMatchObject({ title: 'Meteora', date: '2003-03-25' });
      expect(found?.genres).toContain('nu metal');
    });

    it('falls back to search when there is no ISRC, or when the ISRC belongs to another song', async () => {
      const mb = client();
      const bySearch = await mb.identifyTrack({ title: 'Hey Boy Hey Girl', artist: 'The Chemical Brothers', durationMs: 290_000 });
      expect(bySearch).toMatchObject({ via: 'search', trackNumber: 9, release: { title: 'Surrender' } });
      const wrongIsrc = await mb.identifyTrack({ title: 'Faint', artist: 'Linkin Park', durationMs: 162_000, isrc: NUMB_ISRC });
      expect(wrongIsrc).toMatchObject({ via: 'search', recording: { title: 'Faint' }, trackNumber: 7 });
    });

    it("identifies the fake slskd's demo tracks, with featured artists credited", async () => {
      const mb = client();
      const byIsrc = await mb.identifyTrack({
        title: 'Satellite',
        artist: 'Mara Quinn',
        album: 'Glass Houses',
        durationMs: 236_000,
        isrc: fakeIsrc('Mara Quinn', 'Glass Houses', 'Satellite'),
      });
      expect(byIsrc).toMatchObject({ via: 'isrc', trackNumber: 3, trackTotal: 5, release: { title: 'Glass Houses', date: '2018' } });
      expect(byIsrc?.recording.artist).toBe('Mara Quinn feat. Jonah Bright');
      const bySearch = await mb.identifyTrack({ title: 'Ostersjon', artist: 'Bjorn Ekdahl', durationMs: 287_000 });
      expect(bySearch).toMatchObject({ via: 'search', recording: { title: 'Östersjön', artist: 'Björn Ekdahl' }, trackNumber: 1 });
    });

    it('abstains when nothing convincing exists (other artist, or 40 s longer)', async () => {
      const mb = client();
      await expect(mb.identifyTrack({ title: 'Numb', artist: 'Some Cover Band', durationMs: 187_000 })).resolves.toBeNull();
      await expect(mb.identifyTrack({ title: 'Numb', artist: 'Linkin Park', durationMs: 227_000, isrc: NUMB_ISRC })).resolves.toBeNull();
    });

    it('resolves the 12 tracks of one album with about one request per track and none the second time', async () => {
      const mb = client({ cache: new InMemoryLruCache() });
      const wanted = METEORA.slice(0, 12).map(([title, durationMs], i) => ({
        title,
        artist: 'Linkin Park',
        album: 'Meteora',
        durationMs,
        isrc: `USWB10300${471 + i}`,
      }));
      const first = [];
      for (const track of wanted) first.push(await mb.identifyTrack(track));
      expect(first.map((t) => t?.trackNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(new Set(first.map((t) => t?.release?.title))).toEqual(new Set(['Meteora']));
      const firstPass = mbRequests(fake);
      // 12 ISRC lookups + 1 release lookup shared by all tracks.
      expect(firstPass).toBeLessThanOrEqual(2 * wanted.length);
      expect(firstPass).toBe(13);
      for (const track of wanted) await mb.identifyTrack(track);
      expect(mbRequests(fake)).toBe(firstPass);
      process.stdout.write(`[figures] 12 Meteora tracks: ${firstPass} MusicBrainz requests (${(firstPass / 12).toFixed(2)}/track), 0 on the second pass\n`);
    });

    it('with the release of an earlier track as a hint, an album costs two requests', async () => {
      const mb = client({ cache: new InMemoryLruCache() });
      const tracks = METEORA.map(([title, durationMs], i) => ({ title, artist: 'Linkin Park', album: 'Meteora', durationMs, isrc: `USWB10300${471 + i}` }));
      const first = await mb.identifyTrack(tracks[0]);
      const releaseHint = first?.release?.id;
      const rest = [];
      for (const track of tracks.slice(1)) rest.push(await mb.identifyTrack(track, { releaseHint }));
      expect(rest.map((t) => [t?.via, t?.trackNumber, t?.trackTotal])).toEqual(tracks.slice(1).map((_, i) => ['release', i + 2, 13]));
      expect(rest.map((t) => t?.recording.title)).toEqual(tracks.slice(1).map((t) => t.title));
      expect(mbRequests(fake)).toBe(2);
      // A track that is not on the hinted release still resolves normally.
      const other = await mb.identifyTrack({ title: 'Hells Bells', artist: 'AC/DC', durationMs: 312_000, isrc: 'AUAP08000041' }, { releaseHint });
      expect(other).toMatchObject({ via: 'isrc', release: { title: 'Back in Black' } });
      process.stdout.write(`[figures] 13 Meteora tracks with a release hint: 2 MusicBrainz requests\n`);
    });

    it('shares one request between concurrent callers asking for the same thing', async () => {
      const mb = client();
      const results = await Promise.all([1, 2, 3, 4].map(() => mb.lookupIsrc('GBAAA9900303')));
      expect(results.every((r) => r[0]?.title === 'Hey Boy Hey Girl')).toBe(true);
      expect(mbRequests(fake)).toBe(1);
    });
  });

  describe('User-Agent', () => {
    it('a library-default User-Agent is refused with a permanent error', async () => {
      const error = await client({ userAgent: 'axios/1.13.2' })
        .lookupIsrc(NUMB_ISRC)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MetadataServiceError);
      expect(error).toMatchObject({ metadataService: 'musicbrainz', status: 403, code: 'forbidden', retryable: false });
    });
  });
});

describe('MusicBrainz rate limiting', () => {
  let fake: FakeMetadata;
  afterEach(() => fake.close());

  const isrcs = ['USWB10300471', 'USWB10300472', 'USWB10300473', 'USWB10300474', 'USWB10300475', 'USWB10300476'];

  it('5 sequential lookups at 5 requests/s take ≥ 0.8 s and the server never answers 503', async () => {
    fake = await startFakeMetadata({ musicBrainz: { minIntervalMs: 200 } });
    const gate = new IntervalRateGate({ minIntervalMs: 200 });
    const mb = new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: gate });
    const started = Date.now();
    for (const isrc of isrcs.slice(0, 5)) await mb.lookupIsrc(isrc);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(800);
    expect(gate.stats.waitedMs).toBeGreaterThanOrEqual(700);
    expect(mbRequests(fake)).toBe(5);
    expect(mbRequests(fake, 503)).toBe(0);
    process.stdout.write(`[figures] 5 lookups at 5/s: ${elapsed} ms elapsed, ${gate.stats.waitedMs} ms waiting in the gate, 0 × 503\n`);
  });

  it('at the real 1 request/s, 3 lookups take ≥ 2 s with no 503', async () => {
    fake = await startFakeMetadata();
    const gate = new IntervalRateGate({ minIntervalMs: 1000 });
    const mb = new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: gate });
    const started = Date.now();
    await Promise.all(isrcs.slice(0, 3).map((isrc) => mb.lookupIsrc(isrc)));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(mbRequests(fake, 200)).toBe(3);
    expect(mbRequests(fake, 503)).toBe(0);
    process.stdout.write(`[figures] 3 concurrent lookups at 1/s: ${elapsed} ms, 0 × 503\n`);
  }, 10_000);

  it('two client instances on one gate (the process-wide setup) never trip the limit either', async () => {
    fake = await startFakeMetadata({ musicBrainz: { minIntervalMs: 150 } });
    const gate = new IntervalRateGate({ minIntervalMs: 150 });
    const a = new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: gate });
    const b = new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: gate });
    await Promise.all(isrcs.map((isrc, i) => (i % 2 ? a : b).lookupIsrc(isrc)));
    expect(mbRequests(fake, 200)).toBe(6);
    expect(mbRequests(fake, 503)).toBe(0);
  });

  it('without a working limiter the server answers 503, and the client backs off and still gets every answer', async () => {
    fake = await startFakeMetadata({ musicBrainz: { minIntervalMs: 200 } });
    const mb = new MusicBrainzClient({
      baseUrl: fake.urls.musicBrainz,
      userAgent: UA,
      rateGate: new IntervalRateGate({ minIntervalMs: 0 }),
      retryBaseDelayMs: 150,
      maxRetries: 8,
    });
    const results = await Promise.all(isrcs.slice(0, 3).map((isrc) => mb.lookupIsrc(isrc)));
    expect(results.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(mbRequests(fake, 503)).toBeGreaterThan(0);
    expect(mb.stats.rateLimited).toBe(mbRequests(fake, 503));
    expect(mbRequests(fake, 200)).toBe(3);
  }, 15_000);

  it('honours Retry-After and gives up with a retryable rate_limited error when retries run out', async () => {
    fake = await startFakeMetadata({ musicBrainz: { minIntervalMs: 1000, retryAfterSeconds: 1 } });
    const patient = new MusicBrainzClient({ baseUrl: fake.urls.musicBrainz, userAgent: UA, rateGate: new IntervalRateGate({ minIntervalMs: 0 }) });
    await Promise.all([patient.lookupIsrc(isrcs[0]), patient.lookupIsrc(isrcs[1])]);
    const log = fake.requests.filter((r) => r.service === 'musicbrainz');
    const rejected = log.find((r) => r.status === 503);
    const retried = log.filter((r) => r.status === 200)[1];
    expect(rejected).toBeDefined();
    expect(retried.at - (rejected?.at ?? 0)).toBeGreaterThanOrEqual(950);

    const impatient = new MusicBrainzClient({
      baseUrl: fake.urls.musicBrainz,
      userAgent: UA,
      rateGate: new IntervalRateGate({ minIntervalMs: 0 }),
      maxRetries: 0,
    });
    const error = await impatient.lookupIsrc(isrcs[2]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetadataServiceError);
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, status: 503, retryAfterMs: 1000 });
  }, 10_000);
});
