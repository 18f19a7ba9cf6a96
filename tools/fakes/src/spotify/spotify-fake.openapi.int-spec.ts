/**
 * Keeps the fake honest: every endpoint's real HTTP answer is validated against the response schema
 * that /work/shared/contracts/spotify-openapi.yml declares for that operation and status, plus a
 * check that the fake emits no property the spec does not declare. Where Development Mode or
 * observed responses differ from the spec (external-apis.md §1), the difference is listed below —
 * anything else that drifts fails.
 *
 * `yaml`, `ajv` and `ajv-formats` are transitive packages of the workspace (not declared in package.json).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { type FakeSpotify, startFakeSpotify } from './spotify-fake.server';

type Schema = { [key: string]: unknown };

const SPEC_PATH = ['/work/shared/contracts/spotify-openapi.yml', join(__dirname, '../../../../../shared/contracts/spotify-openapi.yml')].find((p) => existsSync(p)) ?? '';
const spec = YAML.parse(readFileSync(SPEC_PATH, 'utf8')) as Schema;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Rewrites local refs so sub-schemas can be compiled on their own against the registered document. */
function absolutiseRefs(node: unknown): void {
  if (Array.isArray(node)) node.forEach(absolutiseRefs);
  else if (node && typeof node === 'object') {
    const obj = node as Schema;
    if (typeof obj['$ref'] === 'string' && (obj['$ref'] as string).startsWith('#/')) obj['$ref'] = `spotify${obj['$ref'] as string}`;
    Object.values(obj).forEach(absolutiseRefs);
  }
}

function at(root: Schema, pointer: string): Schema {
  return pointer
    .replace(/^#?\//, '')
    .split('/')
    .reduce<Schema>((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Schema, root);
}

const nullable = (s: Schema): Schema => ({ anyOf: [{ type: 'null' }, s] });
const dropRequired = (s: Schema, ...names: string[]) => {
  s['required'] = (s['required'] as string[]).filter((r) => !names.includes(r));
};

/** Development Mode (external-apis.md §1.1) and observed data quirks (§1.4, §1.6) the spec does not express. */
function devModeComponents(): Schema {
  const c = clone(spec['components'] as Schema);
  const schemas = c['schemas'] as Record<string, Schema>;
  // Fields removed for Dev-Mode apps in Feb 2026 but still `required` in the spec.
  dropRequired(schemas['AlbumBase'], 'available_markets');
  dropRequired(schemas['AlbumObject'], 'label', 'popularity');
  dropRequired(schemas['ShowBase'], 'available_markets', 'publisher');
  // July 2026: quota exhaustion adds `reason: "QUOTA_EXCEEDED"` to the error object.
  (schemas['ErrorObject']['properties'] as Record<string, Schema>)['reason'] = { type: 'string' };
  dropRequired(((schemas['ArtistDiscographyAlbumObject']['allOf'] as Schema[])[1]), 'album_group');
  // Playlist entries: `item`/`track` null for unavailable tracks, local files with null ids, old entries without added_at/added_by.
  const entry = schemas['PlaylistTrackObject']['properties'] as Record<string, Schema>;
  const localTrack: Schema = {
    type: 'object',
    required: ['is_local', 'uri', 'name', 'type'],
    properties: {
      ...((schemas['TrackObject']['properties'] as Schema)),
      is_local: { type: 'boolean', enum: [true] },
      id: { type: 'null' },
      href: { type: 'null' },
      uri: { type: 'string', pattern: '^spotify:local:' },
      album: { type: 'object', properties: { album_type: { type: 'null' }, total_tracks: { type: 'null' }, artists: { type: 'array', maxItems: 0 }, external_urls: { type: 'object' }, href: { type: 'null' }, id: { type: 'null' }, images: { type: 'array', maxItems: 0 }, name: { type: 'string' }, release_date: { type: 'null' }, release_date_precision: { type: 'null' }, type: { enum: ['album'] }, uri: { type: 'null' } } },
      artists: { type: 'array', items: { type: 'object', properties: { external_urls: { type: 'object' }, href: { type: 'null' }, id: { type: 'null' }, name: { type: 'string' }, type: { enum: ['artist'] }, uri: { type: 'null' } } } },
    },
  };
  for (const key of ['item', 'track']) {
    const original = entry[key];
    entry[key] = { anyOf: [{ type: 'null' }, localTrack, ...(original['oneOf'] as Schema[])] };
  }
  entry['added_at'] = nullable(entry['added_at']);
  entry['added_by'] = nullable(entry['added_by']);
  // /me/playlists and search may contain null playlists.
  const pagingPlaylists = ((schemas['PagingPlaylistObject']['allOf'] as Schema[])[1]['properties'] as Record<string, Schema>)['items'];
  pagingPlaylists['items'] = nullable(pagingPlaylists['items'] as Schema);
  // Cursor paging: the last page has next = null and cursors.after = null (§1.3).
  const cursorProps = schemas['CursorPagingObject']['properties'] as Record<string, Schema>;
  cursorProps['next'] = nullable(cursorProps['next']);
  (schemas['CursorObject']['properties'] as Record<string, Schema>)['after'] = nullable((schemas['CursorObject']['properties'] as Record<string, Schema>)['after']);
  return c;
}

class SpecChecker {
  readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(readonly components: Schema) {
    addFormats(this.ajv);
    const doc = { components: clone(components) };
    absolutiseRefs(doc);
    this.ajv.addSchema(doc, 'spotify');
    this.components = doc.components;
  }

  deref(s: Schema): Schema {
    let cur = s;
    while (typeof cur['$ref'] === 'string') cur = at({ components: this.components }, (cur['$ref'] as string).replace(/^spotify/, ''));
    return cur;
  }

  validator(s: Schema): ValidateFunction {
    let v = this.compiled.get(s);
    if (!v) {
      v = this.ajv.compile(s);
      this.compiled.set(s, v);
    }
    return v;
  }

  /** Properties the fake sends that the schema does not declare (catches renamed/invented fields). */
  undeclared(schemaIn: Schema, data: unknown, path = ''): string[] {
    if (data === null || typeof data !== 'object') return [];
    const schema = this.deref(schemaIn);
    if (Array.isArray(data)) {
      const items = schema['items'] as Schema | undefined;
      return items ? data.flatMap((d, i) => this.undeclared(items, d, `${path}[${i}]`)) : [];
    }
    const branches = this.branchesFor(schema, data);
    const props = new Map<string, Schema>();
    for (const b of branches) for (const [k, v] of Object.entries((b['properties'] as Record<string, Schema>) ?? {})) if (!props.has(k)) props.set(k, v);
    if (props.size === 0 && branches.every((b) => !b['properties'])) return [];
    return Object.entries(data as Record<string, unknown>).flatMap(([k, v]) => {
      const p = props.get(k);
      return p ? this.undeclared(p, v, `${path}.${k}`) : [`${path}.${k}`];
    });
  }

  private branchesFor(schemaIn: Schema, data: unknown): Schema[] {
    const schema = this.deref(schemaIn);
    const out: Schema[] = [schema];
    for (const s of (schema['allOf'] as Schema[] | undefined) ?? []) out.push(...this.branchesFor(s, data));
    const alternatives = (schema['oneOf'] ?? schema['anyOf']) as Schema[] | undefined;
    if (alternatives) {
      const match = alternatives.find((alt) => this.validator(alt)(data));
      if (match) out.push(...this.branchesFor(match, data));
    }
    return out;
  }
}

interface Case {
  name: string;
  op: string;
  url: string;
  status: number;
  token?: 'none' | 'expired';
}

describe('fake Spotify conforms to spotify-openapi.yml', () => {
  let fake: FakeSpotify;
  let token: string;
  const dev = new SpecChecker(devModeComponents());
  const extended = new SpecChecker(spec['components'] as Schema);

  beforeAll(async () => {
    fake = await startFakeSpotify({ seed: { seed: 7 } });
    token = fake.control.issueTokens().access_token;
  });
  afterAll(() => fake.close());

  it('uses a spec document that is itself valid OpenAPI', () => {
    // The validator is ESM-only; run it in a child node process rather than through Jest's CJS loader.
    const script = `import { Validator } from '@seriousme/openapi-schema-validator';
      const r = await new Validator().validate(${JSON.stringify(SPEC_PATH)}.startsWith('/') ? (await import('node:fs')).readFileSync(${JSON.stringify(SPEC_PATH)}, 'utf8') : '');
      process.stdout.write(JSON.stringify({ valid: r.valid }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '../../../..'), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ valid: true });
  });

  function responseSchema(op: string, status: number): Schema {
    const [method, path] = op.split(' ');
    const operation = ((spec['paths'] as Schema)[path] as Schema)[method.toLowerCase()] as Schema;
    const responses = operation['responses'] as Record<string, Schema>;
    // Undeclared error statuses still use the Web-API error envelope (§1.3).
    const fallback: Record<number, string> = { 400: 'BadRequest', 404: 'NotFound', 500: 'BadRequest', 502: 'BadRequest', 503: 'BadRequest' };
    const response = responses[String(status)] ?? { $ref: `#/components/responses/${fallback[status]}` };
    const resolved = typeof response['$ref'] === 'string' ? at(spec, response['$ref'] as string) : response;
    const schema = clone(((resolved['content'] as Schema)['application/json'] as Schema)['schema'] as Schema);
    absolutiseRefs(schema);
    return schema;
  }

  async function check(checker: SpecChecker, c: Case, auth: string | undefined): Promise<unknown> {
    const res = await fetch(c.url, { headers: auth ? { Authorization: `Bearer ${auth}` } : {} });
    expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: c.status });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body: unknown = await res.json();
    const schema = responseSchema(c.op, c.status);
    const validate = checker.validator(schema);
    const ok = validate(body);
    expect({ name: c.name, errors: ok ? [] : checker.ajv.errorsText(validate.errors, { separator: '\n' }).split('\n').slice(0, 10) }).toEqual({ name: c.name, errors: [] });
    expect({ name: c.name, undeclared: checker.undeclared(schema, body).slice(0, 10) }).toEqual({ name: c.name, undeclared: [] });
    return body;
  }

  it('answers every Development-Mode endpoint with the declared shape', async () => {
    const api = fake.apiUrl;
    const lib = fake.library;
    const owned = [...lib.playlists.values()].find((p) => p.ownerId === lib.me.id && p.entries.some((e) => e.kind === 'local'));
    const collab = [...lib.playlists.values()].find((p) => p.collaborative);
    const foreign = [...lib.playlists.values()].find((p) => p.ownerId === 'otheruser' && !p.collaborative);
    const editorial = [...lib.playlists.values()].find((p) => p.ownerId === 'spotify');
    const album = lib.albums.get(lib.savedAlbums[0].albumId);
    const artistId = lib.followedArtistIds[0];
    const track = lib.tracks.get(lib.savedTracks[0].trackId);
    if (!owned || !collab || !foreign || !editorial || !album || !track) throw new Error('default library lacks a fixture');
    const cases: Case[] = [
      { name: 'me', op: 'GET /me', url: `${api}/me`, status: 200 },
      { name: 'my playlists (with null entry)', op: 'GET /me/playlists', url: `${api}/me/playlists?limit=50`, status: 200 },
      { name: 'my playlists page 2', op: 'GET /me/playlists', url: `${api}/me/playlists?limit=2&offset=2`, status: 200 },
      { name: 'owned playlist with embedded items', op: 'GET /playlists/{playlist_id}', url: `${api}/playlists/${owned.id}`, status: 200 },
      { name: 'foreign playlist metadata', op: 'GET /playlists/{playlist_id}', url: `${api}/playlists/${foreign.id}`, status: 200 },
      { name: 'playlist fields filter', op: 'GET /playlists/{playlist_id}', url: `${api}/playlists/${owned.id}?fields=snapshot_id,name,owner(id)`, status: 200 },
      { name: 'editorial playlist', op: 'GET /playlists/{playlist_id}', url: `${api}/playlists/${editorial.id}`, status: 404 },
      { name: 'owned items p1 (null/local/episode)', op: 'GET /playlists/{playlist_id}/items', url: `${api}/playlists/${owned.id}/items?limit=50`, status: 200 },
      { name: 'owned items p2', op: 'GET /playlists/{playlist_id}/items', url: `${api}/playlists/${owned.id}/items?limit=50&offset=50`, status: 200 },
      { name: 'collaborative items', op: 'GET /playlists/{playlist_id}/items', url: `${api}/playlists/${collab.id}/items`, status: 200 },
      { name: 'foreign items', op: 'GET /playlists/{playlist_id}/items', url: `${api}/playlists/${foreign.id}/items`, status: 403 },
      { name: 'items limit too big', op: 'GET /playlists/{playlist_id}/items', url: `${api}/playlists/${owned.id}/items?limit=51`, status: 400 },
      { name: 'legacy /tracks of playlist', op: 'GET /playlists/{playlist_id}/tracks', url: `${api}/playlists/${owned.id}/tracks`, status: 403 },
      { name: 'liked songs', op: 'GET /me/tracks', url: `${api}/me/tracks?limit=50`, status: 200 },
      { name: 'saved albums', op: 'GET /me/albums', url: `${api}/me/albums?limit=5`, status: 200 },
      { name: 'followed artists first page', op: 'GET /me/following', url: `${api}/me/following?type=artist&limit=10`, status: 200 },
      { name: 'followed artists last page', op: 'GET /me/following', url: `${api}/me/following?type=artist&limit=50`, status: 200 },
      { name: 'album', op: 'GET /albums/{id}', url: `${api}/albums/${album.id}`, status: 200 },
      { name: 'album tracks', op: 'GET /albums/{id}/tracks', url: `${api}/albums/${album.id}/tracks?limit=3`, status: 200 },
      { name: 'artist', op: 'GET /artists/{id}', url: `${api}/artists/${artistId}`, status: 200 },
      { name: 'artist albums', op: 'GET /artists/{id}/albums', url: `${api}/artists/${artistId}/albums?limit=10`, status: 200 },
      { name: 'artist albums limit 11', op: 'GET /artists/{id}/albums', url: `${api}/artists/${artistId}/albums?limit=11`, status: 400 },
      { name: 'track', op: 'GET /tracks/{id}', url: `${api}/tracks/${track.id}`, status: 200 },
      { name: 'several tracks', op: 'GET /tracks', url: `${api}/tracks?ids=${track.id}`, status: 403 },
      { name: 'search all types', op: 'GET /search', url: `${api}/search?q=${encodeURIComponent('a')}&type=track,artist,album,playlist&limit=10`, status: 200 },
      { name: 'search by isrc', op: 'GET /search', url: `${api}/search?q=${encodeURIComponent(`isrc:${track.isrc ?? ''}`)}&type=track`, status: 200 },
      { name: 'search limit 11', op: 'GET /search', url: `${api}/search?q=a&type=track&limit=11`, status: 400 },
      { name: 'top tracks', op: 'GET /artists/{id}/top-tracks', url: `${api}/artists/${artistId}/top-tracks`, status: 403 },
      { name: 'related artists', op: 'GET /artists/{id}/related-artists', url: `${api}/artists/${artistId}/related-artists`, status: 404 },
      { name: 'recommendations', op: 'GET /recommendations', url: `${api}/recommendations?seed_artists=${artistId}`, status: 404 },
      { name: 'audio features', op: 'GET /audio-features/{id}', url: `${api}/audio-features/${track.id}`, status: 403 },
      { name: 'new releases', op: 'GET /browse/new-releases', url: `${api}/browse/new-releases`, status: 403 },
      { name: 'several albums', op: 'GET /albums', url: `${api}/albums?ids=${album.id}`, status: 403 },
      { name: 'user playlists', op: 'GET /users/{user_id}/playlists', url: `${api}/users/otheruser/playlists`, status: 403 },
      { name: 'markets', op: 'GET /markets', url: `${api}/markets`, status: 403 },
    ];
    const ops = new Set<string>();
    for (const c of cases) {
      await check(dev, c, token);
      ops.add(c.op);
    }
    // Unauthenticated and expired tokens.
    await check(dev, { name: 'no token', op: 'GET /me', url: `${api}/me`, status: 401 }, undefined);
    const stale = fake.control.issueTokens().access_token;
    fake.control.expireAccessTokens();
    const expired = await check(dev, { name: 'expired token', op: 'GET /me/playlists', url: `${api}/me/playlists`, status: 401 }, stale);
    expect(expired).toEqual({ error: { status: 401, message: 'The access token expired' } });
    for (const op of ops) {
      const [method, path] = op.split(' ');
      expect({ op, declared: !!((spec['paths'] as Record<string, Schema>)[path] ?? {})[method.toLowerCase()] }).toEqual({ op, declared: true });
    }
  });

  it('serves quirky playlist entries (null, local file, episode) that still match the spec', async () => {
    const owned = [...fake.library.playlists.values()].find((p) => p.entries.some((e) => e.kind === 'local'));
    const fresh = fake.control.issueTokens().access_token;
    const body = (await check(dev, { name: 'quirks', op: 'GET /playlists/{playlist_id}/items', url: `${fake.apiUrl}/playlists/${owned?.id ?? ''}/items?limit=50`, status: 200 }, fresh)) as { items: { item: { type: string; is_local?: boolean } | null }[] };
    const kinds = body.items.map((e) => (e.item === null ? 'null' : e.item.is_local ? 'local' : e.item.type));
    expect(new Set(kinds)).toEqual(new Set(['null', 'local', 'episode', 'track']));
  });

  it('returns the Web-API error envelope for injected 429 QUOTA_EXCEEDED and 5xx', async () => {
    const fresh = fake.control.issueTokens().access_token;
    fake.control.injectFault({ status: 429, body: 'quota', retryAfterSec: 3600 });
    const quota = await check(dev, { name: 'quota', op: 'GET /me', url: `${fake.apiUrl}/me`, status: 429 }, fresh);
    expect(quota).toEqual({ error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' } });
    fake.control.injectFault({ status: 503 });
    await check(dev, { name: '503', op: 'GET /me', url: `${fake.apiUrl}/me`, status: 503 }, fresh);
  });

  it('in extended-quota mode also satisfies the fields the spec still requires (markets, label, album_group)', async () => {
    const ext = await startFakeSpotify({ seed: { seed: 7 }, devMode: false });
    try {
      const t = ext.control.issueTokens().access_token;
      const album = [...ext.library.albums.values()][0];
      const artistId = album.artistIds[0];
      const owned = [...ext.library.playlists.values()].find((p) => p.ownerId === ext.library.me.id);
      const trackId = album.trackIds[0];
      for (const c of [
        { name: 'ext album', op: 'GET /albums/{id}', url: `${ext.apiUrl}/albums/${album.id}`, status: 200 },
        { name: 'ext artist albums', op: 'GET /artists/{id}/albums', url: `${ext.apiUrl}/artists/${artistId}/albums?limit=20`, status: 200 },
        { name: 'ext several tracks', op: 'GET /tracks', url: `${ext.apiUrl}/tracks?ids=${trackId}`, status: 200 },
        { name: 'ext me', op: 'GET /me', url: `${ext.apiUrl}/me`, status: 200 },
      ]) {
        await check(extended, c, t);
      }
      // The legacy playlist-tracks endpoint works here, but its null/local entries are the documented quirks.
      await check(dev, { name: 'ext playlist tracks', op: 'GET /playlists/{playlist_id}/tracks', url: `${ext.apiUrl}/playlists/${owned?.id ?? ''}/tracks?limit=100`, status: 200 }, t);
    } finally {
      await ext.close();
    }
  });
});
