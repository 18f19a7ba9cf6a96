import { FakeMetadata, startFakeMetadata } from '@soulspot/fakes';
import axios from 'axios';
import { DeezerClient } from './deezer.client';
import { MetadataServiceError } from './metadata-service.error';

describe('DeezerClient against the fake Deezer', () => {
  let fake: FakeMetadata;

  afterEach(() => fake.close());

  it('maps /track/isrc: to title, artist, album, duration, position and a fetchable cover URL', async () => {
    fake = await startFakeMetadata();
    const deezer = new DeezerClient({ baseUrl: fake.urls.deezer });
    const track = await deezer.getTrackByIsrc('usum71900764');
    expect(track).toMatchObject({
      title: 'bad guy',
      artist: 'Billie Eilish',
      album: 'WHEN WE ALL FALL ASLEEP, WHERE DO WE GO?',
      durationMs: 194_000,
      trackPosition: 2,
      discNumber: 1,
      isrc: 'USUM71900764',
      releaseDate: '2019-03-29',
    });
    expect(fake.requests[0].path).toBe('/track/isrc:USUM71900764');
    const cover = await axios.get<ArrayBuffer>(track?.coverUrl ?? '', { responseType: 'arraybuffer' });
    expect(cover.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.from(cover.data).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it('returns null for an unknown ISRC (DataException 800 inside HTTP 200)', async () => {
    fake = await startFakeMetadata();
    await expect(new DeezerClient({ baseUrl: fake.urls.deezer }).getTrackByIsrc('ZZZZZ0000000')).resolves.toBeNull();
    expect(fake.requests[0].status).toBe(200);
  });

  it('turns "Quota limit exceeded" (code 4 inside HTTP 200) into a retryable rate_limited error', async () => {
    fake = await startFakeMetadata({ deezer: { quotaPer5s: 2 } });
    const deezer = new DeezerClient({ baseUrl: fake.urls.deezer });
    await deezer.getTrackByIsrc('USUM71900764');
    await deezer.getTrackByIsrc('USUM71900764');
    const error = await deezer.getTrackByIsrc('USUM71900764').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetadataServiceError);
    expect(error).toMatchObject({ metadataService: 'deezer', status: 200, serviceCode: 4, code: 'rate_limited', retryable: true });
  });
});
