import { CatalogueRelease, FakeMetadataCatalogue } from './catalogue';
import { FAKE_COVER_JPEG } from './cover-image';
import { FakeHandler, FakeResponse, html, json } from './fake-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function redirect(status: 302 | 307, location: string): FakeResponse {
  return { status, headers: { location, 'content-type': 'text/html; charset=utf-8' }, body: `<a href="${location}">${location}</a>` };
}

function notFound(): FakeResponse {
  return html(404, 'Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.');
}

/**
 * coverartarchive.org: every hit is a 307 to the "archive" host (like the real front end, which only redirects).
 * `archiveBaseUrl` is read lazily because both servers get their ports at start.
 */
export function createCoverArtHandler(catalogue: FakeMetadataCatalogue, archiveBaseUrl: () => string): FakeHandler {
  const pickForGroup = (groupId: string): CatalogueRelease | undefined =>
    catalogue
      .releasesInGroup(groupId)
      .filter((r) => r.hasCover)
      .sort((a, b) => a.date.localeCompare(b.date))[0];

  return (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return html(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.');
    const match = /^\/(release|release-group)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(req.path);
    if (!match) return notFound();
    const [, kind, mbid, rawImage] = match;
    if (!UUID.test(mbid)) return html(400, 'Bad Request', 'invalid MBID specified');
    let release: CatalogueRelease | undefined;
    if (kind === 'release') {
      release = catalogue.releases.get(mbid);
      if (!release?.hasCover) return notFound();
    } else {
      if (rawImage && !/^front(-(250|500|1200))?$/.test(rawImage)) {
        return html(400, 'Bad Request', `${rawImage.split('-')[0]} is not supported for release groups.`);
      }
      release = pickForGroup(mbid);
      if (!release) return notFound();
    }
    const base = `${archiveBaseUrl()}/download/mbid-${release.id}`;
    if (!rawImage) return redirect(307, `${base}/index.json`);
    const image = /^(front|back|\d+)(?:-(250|500|1200|small|large))?(?:\.jpg)?$/.exec(rawImage);
    if (!image) return notFound();
    const [, which, size] = image;
    if (which === 'back') return notFound();
    if (which !== 'front' && Number(which) !== release.coverImageId) return notFound();
    const sizeSuffix = size ? `_thumb${size === 'small' ? '250' : size === 'large' ? '500' : size}` : '';
    return redirect(307, `${base}/mbid-${release.id}-${release.coverImageId}${sizeSuffix}.jpg`);
  };
}

/** archive.org: `/download/...` 302s to a storage node path, which serves the JSON listing or the JPEG. */
export function createArchiveHandler(catalogue: FakeMetadataCatalogue, selfBaseUrl: () => string, coverArtBaseUrl: () => string): FakeHandler {
  return (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return html(405, 'Method Not Allowed', 'Method not allowed');
    const download = /^\/download\/(mbid-[0-9a-f-]{36})\/([^/]+)$/.exec(req.path);
    if (download) return redirect(302, `${selfBaseUrl()}/ia800100/items/${download[1]}/${download[2]}`);
    const item = /^\/ia800100\/items\/mbid-([0-9a-f-]{36})\/([^/]+)$/.exec(req.path);
    if (!item) return notFound();
    const [, releaseId, file] = item;
    const release = catalogue.releases.get(releaseId);
    if (!release?.hasCover) return notFound();
    if (file === 'index.json') {
      const caa = `${coverArtBaseUrl()}/release/${release.id}/${release.coverImageId}`;
      return json(200, {
        images: [
          {
            approved: true,
            back: false,
            comment: '',
            edit: 1,
            front: true,
            id: release.coverImageId,
            image: `${caa}.jpg`,
            thumbnails: { '250': `${caa}-250.jpg`, '500': `${caa}-500.jpg`, '1200': `${caa}-1200.jpg`, small: `${caa}-250.jpg`, large: `${caa}-500.jpg` },
            types: ['Front'],
          },
        ],
        release: `https://musicbrainz.org/release/${release.id}`,
      });
    }
    if (new RegExp(`^mbid-${release.id}-${release.coverImageId}(_thumb(250|500|1200))?\\.jpg$`).test(file)) {
      return { status: 200, headers: { 'content-type': 'image/jpeg', 'content-length': String(FAKE_COVER_JPEG.length) }, body: FAKE_COVER_JPEG };
    }
    return notFound();
  };
}
