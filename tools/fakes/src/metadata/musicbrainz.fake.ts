import {
  CatalogueRecording,
  CatalogueRelease,
  CatalogueTrack,
  FakeMetadataCatalogue,
  normalizeName,
} from './catalogue';
import { FakeHandler, FakeRequest, FakeResponse, json } from './fake-http';
import { LuceneClause, LuceneParseError, parseLuceneQuery } from './lucene-query';

export interface FakeMusicBrainzOptions {
  /** Minimum spacing per client IP, like the real 1 request/s rule. Default 1000. */
  minIntervalMs?: number;
  /** Slack for event-loop jitter between a client's send time and our receive time. Default 50. */
  toleranceMs?: number;
  /** Answer missing or library-default User-Agents with 403. Default true. */
  strictUserAgent?: boolean;
  /** Add `Retry-After: <n>` to 503s (the real server usually doesn't). Default: none. */
  retryAfterSeconds?: number;
}

const HELP = 'For usage, please see: https://musicbrainz.org/development/mmd';
const RATE_LIMIT_MESSAGE =
  'Your requests are exceeding the allowable rate limit. Please see https://musicbrainz.org/doc/XML_Web_Service/Rate_Limiting for more information.';
const GENERIC_AGENTS = /^(axios|node-fetch|node|undici|got|python-requests|python-urllib|go-http-client|java|okhttp|libwww-perl)\b/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISRC = /^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$/;

const TYPE_IDS: Record<string, string> = {
  Album: 'f529b476-6e62-324f-b0aa-1f3e33d313fc',
  Single: 'd6038452-8ee0-3f68-affc-2de9a1ede0b9',
  EP: '6d0c5bf6-7a33-3420-a519-44fc63eedebf',
  Other: '4fc3be2b-de1e-396b-a933-beb8f1607a22',
  Compilation: 'dd2a21e1-0c00-3729-a7a0-de60b84eb5d1',
  Live: '6fd474e2-6b58-3102-9d17-d6f7eb7da0a0',
  Remix: '0c60f497-ff81-3818-befd-abfc84a4858b',
};
const ARTIST_TYPE_IDS: Record<string, string> = {
  Person: 'b6e035f4-3ce9-331c-97df-83397230b0df',
  Group: 'e431f5f6-b5d2-343d-8b36-72607fffb74b',
  Other: 'ac897045-5043-3294-965b-187b7a0edc70',
};
const OFFICIAL_ID = '4e304316-386d-3409-af2e-78857eec5cfe';
const FORMAT_IDS: Record<string, string> = {
  CD: '9712d52a-4509-3d4b-a1a2-67c88c643e31',
  'Digital Media': '907a28d9-b3b2-3ef6-89a8-7b18d91d4794',
};

function mbError(status: number, error: string): FakeResponse {
  return json(status, { error, help: HELP });
}

/**
 * MusicBrainz WS/2 JSON: `/ws/2/isrc/{isrc}`, `/ws/2/recording?query=`, `/ws/2/recording/{mbid}`,
 * `/ws/2/release/{mbid}`, `/ws/2/artist/{mbid}`, with the per-IP rate rule and User-Agent check.
 */
export function createMusicBrainzHandler(catalogue: FakeMetadataCatalogue, options: FakeMusicBrainzOptions = {}): FakeHandler {
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const toleranceMs = options.toleranceMs ?? 50;
  const lastAccepted = new Map<string, number>();

  const artistJson = (id: string, lookup: boolean) => {
    const artist = catalogue.artists.get(id);
    if (!artist) return { id, name: '', 'sort-name': '' };
    const base: Record<string, unknown> = { id: artist.id, name: artist.name, 'sort-name': artist.sortName };
    if (lookup) {
      Object.assign(base, {
        disambiguation: '',
        type: artist.type,
        'type-id': ARTIST_TYPE_IDS[artist.type] ?? null,
        country: artist.country,
      });
    }
    return base;
  };

  const credit = (artistIds: string[], lookup: boolean, joinPhrases?: string[]) =>
    artistIds.map((id, index) => {
      const entry: Record<string, unknown> = {
        name: catalogue.artists.get(id)?.name ?? '',
        artist: artistJson(id, lookup),
      };
      const joinphrase = joinPhrases?.[index] ?? (index < artistIds.length - 1 ? ' & ' : '');
      // Search results drop empty joinphrases; lookups always carry them.
      if (lookup || joinphrase) entry['joinphrase'] = joinphrase;
      return entry;
    });

  const tagList = (names: string[]) => names.map((name, i) => ({ name, count: Math.max(1, names.length - i) }));
  const genreList = (names: string[]) =>
    names.map((name, i) => ({ id: `fake-genre-${normalizeName(name).replace(/ /g, '-')}`, name, count: Math.max(1, names.length - i), disambiguation: '' }));

  const releaseGroupJson = (release: CatalogueRelease, inc: Set<string>) => {
    const group = catalogue.releaseGroups.get(release.releaseGroupId);
    if (!group) return undefined;
    const body: Record<string, unknown> = {
      id: group.id,
      title: group.title,
      disambiguation: '',
      'first-release-date': catalogue.releaseGroupFirstDate(group.id),
      'primary-type': group.primaryType,
      'primary-type-id': TYPE_IDS[group.primaryType] ?? null,
      'secondary-types': group.secondaryTypes,
      'secondary-type-ids': group.secondaryTypes.map((t) => TYPE_IDS[t] ?? null),
    };
    if (inc.has('artist-credits')) body['artist-credit'] = credit(group.artistIds, true);
    if (inc.has('genres')) body['genres'] = genreList(group.genres);
    if (inc.has('tags')) body['tags'] = tagList(group.genres);
    return body;
  };

  const releaseEvents = (release: CatalogueRelease) =>
    release.country
      ? [{ date: release.date, area: { id: `fake-area-${release.country}`, name: release.country, 'sort-name': release.country, 'iso-3166-1-codes': [release.country], disambiguation: '', type: null, 'type-id': null } }]
      : [];

  const trackJson = (track: CatalogueTrack, inc: Set<string>, withRecording: boolean) => {
    const body: Record<string, unknown> = {
      id: track.id,
      position: track.position,
      number: track.number,
      title: track.title,
      length: track.lengthMs,
    };
    if (inc.has('artist-credits')) body['artist-credit'] = credit(track.artistIds, true, catalogue.recordings.get(track.recordingId)?.joinPhrases);
    if (withRecording) {
      const recording = catalogue.recordings.get(track.recordingId);
      if (recording) body['recording'] = recordingJson(recording, new Set(['artist-credits', ...(inc.has('isrcs') ? ['isrcs'] : [])]), 'lookup');
    }
    return body;
  };

  /** A release as embedded in a recording (isrc/recording lookups): media only with the matching track. */
  const embeddedReleaseJson = (release: CatalogueRelease, recordingId: string, inc: Set<string>) => {
    const body: Record<string, unknown> = {
      id: release.id,
      title: release.title,
      status: release.status,
      'status-id': OFFICIAL_ID,
      date: release.date,
      country: release.country,
      barcode: release.barcode,
      disambiguation: '',
      quality: 'normal',
      packaging: null,
      'packaging-id': null,
      'text-representation': { language: 'eng', script: 'Latn' },
      'release-events': releaseEvents(release),
    };
    if (inc.has('artist-credits')) body['artist-credit'] = credit(release.artistIds, true);
    if (inc.has('release-groups')) body['release-group'] = releaseGroupJson(release, new Set());
    if (inc.has('media')) {
      body['media'] = release.media
        .filter((medium) => medium.tracks.some((t) => t.recordingId === recordingId))
        .map((medium) => {
          const tracks = medium.tracks.filter((t) => t.recordingId === recordingId);
          return {
            position: medium.position,
            title: '',
            format: medium.format,
            'format-id': FORMAT_IDS[medium.format] ?? null,
            'track-count': medium.tracks.length,
            'track-offset': tracks[0].position - 1,
            tracks: tracks.map((t) => trackJson(t, new Set(), false)),
          };
        });
    }
    return body;
  };

  const recordingJson = (recording: CatalogueRecording, inc: Set<string>, mode: 'lookup' | 'isrc'): Record<string, unknown> => {
    const body: Record<string, unknown> = {
      id: recording.id,
      title: recording.title,
      length: recording.lengthMs,
      disambiguation: '',
      video: false,
      'first-release-date': catalogue.firstReleaseDate(recording.id),
    };
    if (inc.has('artist-credits') || inc.has('artists')) body['artist-credit'] = credit(recording.artistIds, true, recording.joinPhrases);
    if (inc.has('isrcs')) body['isrcs'] = recording.isrcs;
    if (inc.has('releases')) body['releases'] = catalogue.releasesOf(recording.id).map((r) => embeddedReleaseJson(r, recording.id, inc));
    if (inc.has('tags')) body['tags'] = tagList(recording.tags);
    if (inc.has('genres')) body['genres'] = genreList(recording.tags);
    void mode;
    return body;
  };

  const releaseLookupJson = (release: CatalogueRelease, inc: Set<string>) => {
    const body: Record<string, unknown> = {
      ...embeddedReleaseJson(release, '', new Set(inc.has('artist-credits') ? ['artist-credits'] : [])),
      asin: null,
      'cover-art-archive': { artwork: release.hasCover, count: release.hasCover ? 1 : 0, front: release.hasCover, back: false, darkened: false },
    };
    if (inc.has('release-groups')) body['release-group'] = releaseGroupJson(release, inc);
    if (inc.has('labels')) {
      body['label-info'] = release.label
        ? [{ 'catalog-number': null, label: { id: `fake-label-${normalizeName(release.label).replace(/ /g, '-')}`, name: release.label, 'sort-name': release.label, disambiguation: '', 'label-code': null, type: null, 'type-id': null } }]
        : [];
    }
    if (inc.has('recordings') || inc.has('media')) {
      body['media'] = release.media.map((medium) => ({
        id: `fake-medium-${release.id.slice(0, 8)}-${medium.position}`,
        position: medium.position,
        title: '',
        format: medium.format,
        'format-id': FORMAT_IDS[medium.format] ?? null,
        'track-offset': 0,
        'track-count': medium.tracks.length,
        ...(inc.has('recordings') ? { tracks: medium.tracks.map((t) => trackJson(t, inc, true)) } : {}),
      }));
    }
    if (inc.has('genres')) body['genres'] = genreList(catalogue.releaseGroups.get(release.releaseGroupId)?.genres ?? []);
    if (inc.has('tags')) body['tags'] = tagList(catalogue.releaseGroups.get(release.releaseGroupId)?.genres ?? []);
    return body;
  };

  // --- search -----------------------------------------------------------------------------------------
  const phraseIn = (phrase: string, haystack: string): boolean => {
    const needle = normalizeName(phrase).split(' ').filter(Boolean);
    // All-punctuation titles ("!!!!!!!") have no tokens left; only the literal text can match them.
    if (needle.length === 0) return phrase.trim() !== '' && phrase.trim().toLowerCase() === haystack.trim().toLowerCase();
    const tokens = normalizeName(haystack).split(' ');
    for (let start = 0; start + needle.length <= tokens.length; start++) {
      if (needle.every((t, k) => tokens[start + k] === t)) return true;
    }
    return false;
  };

  const clauseMatches = (clause: LuceneClause, recording: CatalogueRecording, releases: CatalogueRelease[]): boolean => {
    const text = clause.value.kind === 'range' ? '' : clause.value.text;
    const artistNames = recording.artistIds.map((id) => catalogue.artists.get(id)?.name ?? '');
    const creditName = catalogue.creditName(recording.artistIds, recording.joinPhrases);
    switch (clause.field) {
      case null:
        return [recording.title, creditName, ...releases.map((r) => r.title)].some((h) => phraseIn(text, h));
      case 'recording':
      case 'recordingaccent':
        return phraseIn(text, recording.title);
      case 'artist':
      case 'artistname':
      case 'creditname':
        return [creditName, ...artistNames].some((h) => phraseIn(text, h));
      case 'release':
        return releases.some((r) => phraseIn(text, r.title));
      case 'isrc':
        return recording.isrcs.includes(text.toUpperCase());
      case 'rid':
        return recording.id === text;
      case 'arid':
        return recording.artistIds.includes(text);
      case 'reid':
        return releases.some((r) => r.id === text);
      case 'rgid':
        return releases.some((r) => r.releaseGroupId === text);
      case 'status':
        return releases.some((r) => r.status.toLowerCase() === text.toLowerCase());
      case 'primarytype':
        return releases.some((r) => catalogue.releaseGroups.get(r.releaseGroupId)?.primaryType.toLowerCase() === text.toLowerCase());
      case 'tag':
        return recording.tags.some((t) => phraseIn(text, t));
      case 'dur':
      case 'qdur': {
        if (clause.value.kind !== 'range') return Math.abs(Number(text) - recording.lengthMs) <= (clause.field === 'qdur' ? 2000 : 0);
        const from = clause.value.from === '*' ? -Infinity : Number(clause.value.from);
        const to = clause.value.to === '*' ? Infinity : Number(clause.value.to);
        return recording.lengthMs >= from && recording.lengthMs <= to;
      }
      default:
        // Fields this fake doesn't index never exclude a recording.
        return true;
    }
  };

  const search = (req: FakeRequest): FakeResponse => {
    const query = req.query.get('query');
    if (!query) return mbError(400, 'Missing required parameter query.');
    let parsed;
    try {
      parsed = parseLuceneQuery(query);
    } catch (error) {
      if (error instanceof LuceneParseError) return mbError(400, `Invalid query: ${error.message}`);
      throw error;
    }
    const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 25) || 25));
    const offset = Math.max(0, Number(req.query.get('offset') ?? 0) || 0);
    const hits = [...catalogue.recordings.values()]
      .map((recording) => {
        const releases = catalogue.releasesOf(recording.id);
        const matches = parsed.some((group) => group.every((clause) => clauseMatches(clause, recording, releases) !== clause.negated));
        if (!matches) return null;
        const titlePhrase = parsed.flat().find((c) => c.field === 'recording' && c.value.kind !== 'range');
        const wanted = titlePhrase && titlePhrase.value.kind !== 'range' ? normalizeName(titlePhrase.value.text) : '';
        const title = normalizeName(recording.title);
        const score = !wanted || wanted === title ? 100 : Math.max(50, Math.round((100 * wanted.length) / Math.max(title.length, 1)));
        return { recording, releases, score };
      })
      .filter((hit): hit is NonNullable<typeof hit> => hit !== null)
      .sort((a, b) => b.score - a.score || catalogue.firstReleaseDate(a.recording.id).localeCompare(catalogue.firstReleaseDate(b.recording.id)));
    return json(200, {
      created: new Date().toISOString(),
      count: hits.length,
      offset,
      recordings: hits.slice(offset, offset + limit).map(({ recording, releases, score }) => ({
        id: recording.id,
        score,
        title: recording.title,
        length: recording.lengthMs,
        video: null,
        'artist-credit': credit(recording.artistIds, false, recording.joinPhrases),
        'first-release-date': catalogue.firstReleaseDate(recording.id),
        releases: releases.map((release) => {
          const group = catalogue.releaseGroups.get(release.releaseGroupId);
          const media = release.media.filter((m) => m.tracks.some((t) => t.recordingId === recording.id));
          return {
            id: release.id,
            title: release.title,
            status: release.status,
            'status-id': OFFICIAL_ID,
            count: 1,
            'artist-credit': credit(release.artistIds, false),
            'release-group': group
              ? {
                  id: group.id,
                  'type-id': TYPE_IDS[group.primaryType] ?? null,
                  'primary-type-id': TYPE_IDS[group.primaryType] ?? null,
                  title: group.title,
                  'primary-type': group.primaryType,
                  ...(group.secondaryTypes.length ? { 'secondary-types': group.secondaryTypes, 'secondary-type-ids': group.secondaryTypes.map((t) => TYPE_IDS[t] ?? null) } : {}),
                }
              : undefined,
            date: release.date,
            country: release.country,
            'release-events': releaseEvents(release),
            'track-count': release.media.reduce((n, m) => n + m.tracks.length, 0),
            media: media.map((medium) => {
              const tracks = medium.tracks.filter((t) => t.recordingId === recording.id);
              return {
                position: medium.position,
                format: medium.format,
                'track-count': medium.tracks.length,
                'track-offset': tracks[0].position - 1,
                track: tracks.map((t) => ({ id: t.id, number: t.number, title: t.title, length: t.lengthMs })),
              };
            }),
          };
        }),
        isrcs: recording.isrcs,
        tags: recording.tags.map((name, i) => ({ count: recording.tags.length - i, name })),
      })),
    });
  };

  const incOf = (req: FakeRequest) => new Set((req.query.get('inc') ?? '').split(/[+ ]/).filter(Boolean));

  return (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return mbError(405, 'Method not allowed');
    const agent = req.headers['user-agent'];
    if ((options.strictUserAgent ?? true) && (!agent || GENERIC_AGENTS.test(agent))) {
      return mbError(403, 'A meaningful User-Agent is required (AppName/version ( contact )).');
    }
    const now = Date.now();
    const last = lastAccepted.get(req.remoteAddress);
    if (last !== undefined && now - last < minIntervalMs - toleranceMs) {
      const headers: Record<string, string> = options.retryAfterSeconds !== undefined ? { 'retry-after': String(options.retryAfterSeconds) } : {};
      return json(503, { error: RATE_LIMIT_MESSAGE, help: HELP }, headers);
    }
    lastAccepted.set(req.remoteAddress, now);

    if (req.query.get('fmt') !== 'json' && !String(req.headers['accept'] ?? '').includes('application/json')) {
      return { status: 406, headers: { 'content-type': 'text/plain' }, body: 'This fake only speaks JSON: add fmt=json.' };
    }
    const parts = req.path.replace(/\/+$/, '').split('/').slice(1); // ws, 2, resource, id
    if (parts[0] !== 'ws' || parts[1] !== '2') return mbError(404, 'Not Found');
    const [resource, id] = [parts[2], parts[3] ? decodeURIComponent(parts[3]) : undefined];
    const inc = incOf(req);

    switch (resource) {
      case 'isrc': {
        if (!id || !ISRC.test(id)) return mbError(400, 'Invalid isrc.');
        const recordingId = catalogue.recordingIdByIsrc(id);
        const recording = recordingId ? catalogue.recordings.get(recordingId) : undefined;
        if (!recording) return mbError(404, 'Not Found');
        return json(200, { isrc: id, recordings: [recordingJson(recording, inc, 'isrc')] });
      }
      case 'recording': {
        if (!id) return search(req);
        if (!UUID.test(id)) return mbError(400, 'Invalid mbid.');
        const recording = catalogue.recordings.get(id);
        return recording ? json(200, recordingJson(recording, inc, 'lookup')) : mbError(404, 'Not Found');
      }
      case 'release': {
        if (!id) return mbError(400, 'Browse/search on releases is not implemented by this fake.');
        if (!UUID.test(id)) return mbError(400, 'Invalid mbid.');
        const release = catalogue.releases.get(id);
        return release ? json(200, releaseLookupJson(release, inc)) : mbError(404, 'Not Found');
      }
      case 'artist': {
        if (!id || !UUID.test(id)) return mbError(400, 'Invalid mbid.');
        const artist = catalogue.artists.get(id);
        if (!artist) return mbError(404, 'Not Found');
        return json(200, {
          ...artistJson(id, true),
          ...(inc.has('genres') ? { genres: genreList(artist.genres) } : {}),
          ...(inc.has('tags') ? { tags: tagList(artist.genres) } : {}),
        });
      }
      default:
        return mbError(404, 'Not Found');
    }
  };
}
