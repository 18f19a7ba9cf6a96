import { CatalogueRecording, FakeMetadataCatalogue, normalizeName } from './catalogue';
import { FakeHandler, FakeRequest, FakeResponse, json } from './fake-http';

const NOT_FOUND = { message: 'Failed to find specified track', name: 'TrackNotFound', statusCode: 404 };

function validation(message: string): FakeResponse {
  return json(400, { message, name: 'ValidationError', statusCode: 400 });
}

/** lrclib.net: `/api/get`, `/api/get-cached`, `/api/get/{id}`, `/api/search`, with the real ±2 s duration rule. */
export function createLrclibHandler(catalogue: FakeMetadataCatalogue): FakeHandler {
  const record = (recording: CatalogueRecording, albumName: string) => {
    const lyrics = recording.lyrics;
    return {
      // Submitters often credit only the main artist; both spellings find the record.
      mainArtist: catalogue.artists.get(recording.artistIds[0])?.name ?? '',
      id: recording.lrclibId,
      name: recording.title,
      trackName: recording.title,
      artistName: catalogue.creditName(recording.artistIds, recording.joinPhrases),
      albumName,
      duration: Math.round(recording.lengthMs / 1000),
      instrumental: lyrics?.instrumental ?? false,
      plainLyrics: lyrics?.plain ?? null,
      syncedLyrics: lyrics?.synced ?? null,
    };
  };

  const publicRecord = ({ mainArtist, ...wire }: ReturnType<typeof record>) => {
    void mainArtist;
    return wire;
  };

  /** Every (recording, album title) pair LRCLIB would hold; only recordings that have a lyrics record. */
  const records = () =>
    [...catalogue.recordings.values()]
      .filter((r) => r.lyrics !== null)
      .flatMap((r) => {
        const albums = [...new Set(catalogue.releasesOf(r.id).map((rel) => rel.title))];
        return albums.map((album) => record(r, album));
      });

  const get = (req: FakeRequest): FakeResponse => {
    const track = req.query.get('track_name')?.trim();
    const artist = req.query.get('artist_name')?.trim();
    const album = req.query.get('album_name')?.trim();
    const durationRaw = req.query.get('duration');
    if (!track) return validation('track_name must not be empty');
    if (!artist) return validation('artist_name must not be empty');
    let duration: number | undefined;
    if (durationRaw !== null && durationRaw !== '') {
      duration = Number(durationRaw);
      if (!Number.isFinite(duration) || duration < 1 || duration > 3600) return validation('duration must be between 1 and 3600');
    }
    const hit = records().find(
      (r) =>
        normalizeName(r.trackName) === normalizeName(track) &&
        (normalizeName(r.artistName) === normalizeName(artist) || normalizeName(r.mainArtist) === normalizeName(artist)) &&
        (!album || normalizeName(r.albumName) === normalizeName(album)) &&
        (duration === undefined || Math.abs(r.duration - duration) <= 2),
    );
    return hit ? json(200, publicRecord(hit)) : json(404, NOT_FOUND);
  };

  return (req) => {
    if (req.method !== 'GET') return json(405, { message: 'Method not allowed', name: 'MethodNotAllowed', statusCode: 405 });
    if (req.path === '/api/get' || req.path === '/api/get-cached') return get(req);
    const byId = /^\/api\/get\/(\d+)$/.exec(req.path);
    if (byId) {
      const hit = records().find((r) => r.id === Number(byId[1]));
      return hit ? json(200, publicRecord(hit)) : json(404, NOT_FOUND);
    }
    if (req.path === '/api/search') {
      const q = req.query.get('q');
      const track = req.query.get('track_name');
      if (!q && !track) return validation('At least one of q or track_name must be given');
      const artist = req.query.get('artist_name');
      const album = req.query.get('album_name');
      const matches = records().filter((r) => {
        if (q) return normalizeName(`${r.trackName} ${r.artistName} ${r.albumName}`).includes(normalizeName(q));
        return (
          normalizeName(r.trackName).includes(normalizeName(track ?? '')) &&
          (!artist || normalizeName(r.artistName).includes(normalizeName(artist))) &&
          (!album || normalizeName(r.albumName).includes(normalizeName(album)))
        );
      });
      return json(200, matches.slice(0, 20).map(publicRecord));
    }
    return json(404, { message: 'Not found', name: 'NotFound', statusCode: 404 });
  };
}
