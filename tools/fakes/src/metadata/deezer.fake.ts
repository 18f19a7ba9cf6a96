import { createHash } from 'node:crypto';
import { CatalogueRecording, FakeMetadataCatalogue, normalizeName } from './catalogue';
import { FAKE_COVER_JPEG } from './cover-image';
import { FakeHandler, FakeResponse, json } from './fake-http';

export interface FakeDeezerOptions {
  /** Requests per client IP in a rolling 5 s window before `Quota limit exceeded` (code 4). Default 50. */
  quotaPer5s?: number;
}

function deezerError(type: string, message: string, code: number): FakeResponse {
  return json(200, { error: { type, message, code } });
}

/** api.deezer.com: `/track/isrc:{ISRC}`, `/track/{id}`, `/search`; always HTTP 200, errors in the body. */
export function createDeezerHandler(catalogue: FakeMetadataCatalogue, selfBaseUrl: () => string, options: FakeDeezerOptions = {}): FakeHandler {
  const recent = new Map<string, number[]>();
  const quota = options.quotaPer5s ?? 50;

  const md5 = (value: string) => createHash('md5').update(value).digest('hex');
  const coverUrls = (md5Image: string) => {
    const url = (px: number) => `${selfBaseUrl()}/images/cover/${md5Image}/${px}x${px}-000000-80-0-0.jpg`;
    return { cover: url(120), cover_small: url(56), cover_medium: url(250), cover_big: url(500), cover_xl: url(1000), md5_image: md5Image };
  };

  const trackJson = (recording: CatalogueRecording, full: boolean) => {
    const release = catalogue.releasesOf(recording.id).sort((a, b) => a.date.localeCompare(b.date))[0];
    const artist = catalogue.artists.get(recording.artistIds[0]);
    const medium = release?.media.find((m) => m.tracks.some((t) => t.recordingId === recording.id));
    const position = medium?.tracks.find((t) => t.recordingId === recording.id)?.position;
    const md5Image = md5(release?.id ?? recording.id);
    const base: Record<string, unknown> = {
      id: recording.deezerId,
      readable: true,
      title: recording.title,
      title_short: recording.title,
      title_version: '',
      isrc: recording.isrcs[0] ?? '',
      link: `https://www.deezer.com/track/${recording.deezerId}`,
      duration: Math.round(recording.lengthMs / 1000),
      rank: 500000,
      explicit_lyrics: false,
      explicit_content_lyrics: 0,
      explicit_content_cover: 0,
      preview: `${selfBaseUrl()}/preview/${recording.deezerId}.mp3?hdnea=exp=${Math.floor(Date.now() / 1000) + 900}`,
      md5_image: md5Image,
      artist: {
        id: artist?.deezerId ?? 0,
        name: artist?.name ?? '',
        link: `https://www.deezer.com/artist/${artist?.deezerId ?? 0}`,
        tracklist: `${selfBaseUrl()}/artist/${artist?.deezerId ?? 0}/top?limit=50`,
        type: 'artist',
      },
      album: {
        id: release?.deezerId ?? 0,
        title: release?.title ?? '',
        link: `https://www.deezer.com/album/${release?.deezerId ?? 0}`,
        ...coverUrls(md5Image),
        ...(full ? { release_date: release?.date ?? '' } : {}),
        tracklist: `${selfBaseUrl()}/album/${release?.deezerId ?? 0}/tracks`,
        type: 'album',
      },
      type: 'track',
    };
    if (full) {
      Object.assign(base, {
        share: `https://www.deezer.com/track/${recording.deezerId}?utm_source=deezer`,
        track_position: position ?? 1,
        disk_number: medium?.position ?? 1,
        release_date: release?.date ?? '',
        bpm: 0,
        gain: -8.2,
        available_countries: ['DE', 'FR', 'GB', 'US'],
        contributors: artist ? [{ id: artist.deezerId, name: artist.name, role: 'Main', type: 'artist' }] : [],
        track_token: md5(`token:${recording.id}`),
      });
    }
    return base;
  };

  return (req) => {
    const now = Date.now();
    const window = (recent.get(req.remoteAddress) ?? []).filter((t) => now - t < 5000);
    window.push(now);
    recent.set(req.remoteAddress, window);
    if (window.length > quota) return deezerError('Exception', 'Quota limit exceeded', 4);

    if (/^\/images\/cover\/[0-9a-f]{32}\/\d+x\d+-000000-80-0-0\.jpg$/.test(req.path)) {
      return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: FAKE_COVER_JPEG };
    }
    const isrc = /^\/track\/isrc:([A-Za-z0-9]+)$/.exec(req.path);
    if (isrc) {
      const id = catalogue.recordingIdByIsrc(isrc[1]);
      const recording = id ? catalogue.recordings.get(id) : undefined;
      return recording ? json(200, trackJson(recording, true)) : deezerError('DataException', 'no data', 800);
    }
    const byId = /^\/track\/(\d+)$/.exec(req.path);
    if (byId) {
      const recording = [...catalogue.recordings.values()].find((r) => r.deezerId === Number(byId[1]));
      return recording ? json(200, trackJson(recording, true)) : deezerError('DataException', 'no data', 800);
    }
    if (req.path === '/search' || req.path === '/search/track') {
      const q = req.query.get('q');
      if (q === null) return deezerError('MissingParameterException', 'Missing parameters: q', 501);
      if (q.trim() === '') return deezerError('ParameterException', 'Wrong parameter: q', 500);
      const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 25) || 25));
      const index = Math.max(0, Number(req.query.get('index') ?? 0) || 0);
      const fields = Object.fromEntries([...q.matchAll(/(artist|track|album):"([^"]*)"/g)].map((m) => [m[1], normalizeName(m[2])]));
      const free = normalizeName(q.replace(/(artist|track|album):"[^"]*"/g, ''));
      const hits = [...catalogue.recordings.values()].filter((r) => {
        const artist = normalizeName(catalogue.creditName(r.artistIds, r.joinPhrases));
        const albums = catalogue.releasesOf(r.id).map((rel) => normalizeName(rel.title));
        const title = normalizeName(r.title);
        if (fields['artist'] && !artist.includes(fields['artist'])) return false;
        if (fields['track'] && !title.includes(fields['track'])) return false;
        if (fields['album'] && !albums.some((a) => a.includes(fields['album']))) return false;
        return !free || `${title} ${artist} ${albums.join(' ')}`.includes(free);
      });
      const page = hits.slice(index, index + limit);
      const body: Record<string, unknown> = { data: page.map((r) => trackJson(r, false)), total: hits.length };
      if (index + limit < hits.length) {
        body['next'] = `${selfBaseUrl()}${req.path}?q=${encodeURIComponent(q)}&limit=${limit}&index=${index + limit}`;
      }
      if (index > 0) body['prev'] = `${selfBaseUrl()}${req.path}?q=${encodeURIComponent(q)}&limit=${limit}&index=${Math.max(0, index - limit)}`;
      return json(200, body);
    }
    return deezerError('InvalidQueryException', 'Invalid query', 600);
  };
}
