import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMetadata, fakeMbid, startFakeMetadata } from '@soulspot/fakes';
import { CoverArtArchiveClient } from './cover-art-archive.client';
import { MetadataServiceError } from './metadata-service.error';

const UA = 'SoulSpot/1.2.3 ( mailto:ops@soulspot.test )';

describe('CoverArtArchiveClient against the fake CAA + archive host', () => {
  let fake: FakeMetadata;
  let caa: CoverArtArchiveClient;
  let meteoraId: string;
  let meteoraGroupId: string;
  let compilationId: string;
  let tmp: string;

  beforeAll(async () => {
    fake = await startFakeMetadata();
    caa = new CoverArtArchiveClient({ baseUrl: fake.urls.coverArtArchive, userAgent: UA });
    const releases = [...fake.catalogue.releases.values()];
    const meteora = releases.find((r) => r.title === 'Meteora');
    meteoraId = meteora?.id ?? '';
    meteoraGroupId = meteora?.releaseGroupId ?? '';
    compilationId = releases.find((r) => r.title === 'Rock Anthems of the Decade')?.id ?? '';
    tmp = mkdtempSync(join(tmpdir(), 'caa-'));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    await fake.close();
  });
  beforeEach(() => fake.clearRequests());

  it('follows the 307 (CAA) and 302 (archive) redirects to a real JPEG', async () => {
    const cover = await caa.getFrontCover({ releaseMbid: meteoraId }, 500);
    expect(cover?.mimeType).toBe('image/jpeg');
    expect(cover?.url).toContain(`/items/mbid-${meteoraId}/mbid-${meteoraId}-`);
    expect(cover?.url).toMatch(/_thumb500\.jpg$/);
    // An independent decoder agrees it is a picture.
    const file = join(tmp, 'front.jpg');
    writeFileSync(file, cover?.bytes ?? Buffer.alloc(0));
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file]).toString().trim();
    expect(probe).toBe('mjpeg,32,32');
    expect(fake.requests.map((r) => `${r.service} ${r.status}`)).toEqual(['coverartarchive 307', 'archive 302', 'archive 200']);
    expect(fake.requests[0]).toMatchObject({ path: `/release/${meteoraId}/front-500`, userAgent: UA });
  });

  it('resolves a release group to the earliest release with art', async () => {
    const cover = await caa.getFrontCover({ releaseGroupMbid: meteoraGroupId });
    expect(cover?.url).toContain(`mbid-${meteoraId}`);
    expect(cover?.url).toMatch(/-\d+\.jpg$/);
  });

  it('returns null when the release has no art or is unknown (HTML 404, not JSON)', async () => {
    await expect(caa.getFrontCover({ releaseMbid: compilationId })).resolves.toBeNull();
    await expect(caa.getFrontCover({ releaseGroupMbid: fakeMbid('nothing here') })).resolves.toBeNull();
    expect(fake.requests.every((r) => r.status === 404)).toBe(true);
  });

  it('refuses a malformed MBID without a request', async () => {
    const error = await caa.getFrontCover({ releaseMbid: 'ABC' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetadataServiceError);
    expect(error).toMatchObject({ code: 'bad_request', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });

  it('builds a browser-followable URL without fetching', () => {
    expect(caa.frontCoverUrl({ releaseMbid: meteoraId }, 250)).toBe(`${fake.urls.coverArtArchive}/release/${meteoraId}/front-250`);
  });
});
