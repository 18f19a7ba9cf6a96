import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import { createMetadataClients } from './metadata-clients.factory';

describe('createMetadataClients', () => {
  let fake: FakeMetadata;
  beforeAll(async () => {
    fake = await startFakeMetadata();
  });
  afterAll(() => fake.close());

  it('wires all five clients to the configured hosts with one SoulSpot User-Agent: ISRC → recording → cover, lyrics, tags, Deezer', async () => {
    const clients = createMetadataClients({
      appVersion: '9.9.9',
      contact: 'mailto:ops@soulspot.test',
      musicBrainzUrl: fake.urls.musicBrainz,
      coverArtArchiveUrl: fake.urls.coverArtArchive,
      lrclibUrl: fake.urls.lrclib,
      lastfmUrl: fake.urls.lastfm,
      deezerUrl: fake.urls.deezer,
      lastfmApiKey: 'any-key',
    });
    const wanted = { title: 'bad guy', artist: 'Billie Eilish', album: 'WHEN WE ALL FALL ASLEEP, WHERE DO WE GO?', durationMs: 194_088, isrc: 'USUM71900764' };
    const track = await clients.musicBrainz.identifyTrack(wanted);
    expect(track).toMatchObject({ trackNumber: 2, trackTotal: 14, release: { title: wanted.album } });
    const cover = await clients.coverArt.getFrontCover({ releaseMbid: track?.release?.id ?? '' }, 500);
    const lyrics = await clients.lrclib.getLyrics({ artist: wanted.artist, title: wanted.title, album: wanted.album, durationSec: 194 });
    const tags = await clients.lastfm.getTrackTopTags({ artist: wanted.artist, track: wanted.title });
    const deezer = await clients.deezer.getTrackByIsrc(wanted.isrc);
    expect(cover?.mimeType).toBe('image/jpeg');
    expect(lyrics?.synced).toBeTruthy();
    expect(tags[0].name).toBe('electropop');
    expect(deezer?.trackPosition).toBe(2);
    const agents = new Set(fake.requests.filter((r) => r.service !== 'archive').map((r) => r.userAgent));
    expect([...agents]).toEqual(['SoulSpot/9.9.9 ( mailto:ops@soulspot.test )']);
    expect(new Set(fake.requests.map((r) => r.service))).toEqual(new Set(['musicbrainz', 'coverartarchive', 'archive', 'lrclib', 'lastfm', 'deezer']));
  });
});
