import { FakeMetadataCatalogue, normalizeName } from './catalogue';
import { FakeHandler, FakeResponse, json } from './fake-http';

export interface FakeLastfmOptions {
  /** When set, only these keys are valid; otherwise any non-empty key is. */
  validApiKeys?: string[];
  /** Requests per key per rolling second before error 29. Default 5 (Last.fm's guidance). */
  maxRequestsPerSecond?: number;
}

function lastfmError(error: number, message: string): FakeResponse {
  // Last.fm sends most errors with HTTP 200; clients must look at the body.
  return json(200, { error, message, links: [] });
}

/** ws.audioscrobbler.com/2.0/: `track.getTopTags` and `artist.getTopTags`, errors inside 200 bodies. */
export function createLastfmHandler(catalogue: FakeMetadataCatalogue, options: FakeLastfmOptions = {}): FakeHandler {
  const recent = new Map<string, number[]>();
  const maxPerSecond = options.maxRequestsPerSecond ?? 5;

  const tagJson = (names: string[]) => {
    const tags = names.map((name, i) => ({
      count: Math.max(1, Math.round(100 - (i * 100) / Math.max(names.length, 1))),
      name,
      url: `https://www.last.fm/tag/${encodeURIComponent(name).replace(/%20/g, '+')}`,
    }));
    // XML→JSON conversion: a single element comes back as an object, not an array.
    return tags.length === 1 ? tags[0] : tags;
  };

  return (req) => {
    if (!/^\/2\.0\/?$/.test(req.path)) return json(404, { error: 3, message: 'Invalid Method - No method with that name in this package' });
    const key = req.query.get('api_key');
    if (!key || (options.validApiKeys && !options.validApiKeys.includes(key))) {
      return lastfmError(10, 'Invalid API key - You must be granted a valid key by last.fm');
    }
    const now = Date.now();
    const window = (recent.get(key) ?? []).filter((t) => now - t < 1000);
    window.push(now);
    recent.set(key, window);
    if (window.length > maxPerSecond) return lastfmError(29, 'Rate Limit Exceeded - Your IP has made too many requests in a short period');

    const method = (req.query.get('method') ?? '').toLowerCase();
    const artistName = req.query.get('artist') ?? '';
    const mbid = req.query.get('mbid');
    const artist = mbid ? catalogue.artists.get(mbid) : artistName ? catalogue.findArtistByName(artistName) : undefined;
    switch (method) {
      case 'artist.gettoptags': {
        if (!artistName && !mbid) return lastfmError(6, 'Invalid parameters - Your request is missing a required parameter');
        if (!artist) return lastfmError(6, 'The artist you supplied could not be found');
        return json(200, { toptags: { tag: tagJson(artist.genres), '@attr': { artist: artist.name } } });
      }
      case 'track.gettoptags': {
        const trackName = req.query.get('track') ?? '';
        if (!mbid && (!artistName || !trackName)) return lastfmError(6, 'Invalid parameters - Your request is missing a required parameter');
        const recording = mbid
          ? catalogue.recordings.get(mbid)
          : artist
            ? [...catalogue.recordings.values()].find(
                (r) => r.artistIds.includes(artist.id) && normalizeName(r.title) === normalizeName(trackName),
              )
            : undefined;
        if (!artist && !recording) return lastfmError(6, 'Track not found');
        // Known artist, unknown track: an empty list, not an error.
        return json(200, {
          toptags: { tag: recording ? tagJson(recording.tags) : [], '@attr': { artist: artist?.name ?? artistName, track: recording?.title ?? trackName } },
        });
      }
      default:
        return lastfmError(3, 'Invalid Method - No method with that name in this package');
    }
  };
}
