import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDefaultSlskdCatalogue, DEFAULT_SLSKD_CATALOGUE_ALBUMS } from './catalogue';
import { matchesQuery, parseSearchText } from './search-engine';
import { startFakeSlskd } from './server';
import type { FakeSlskd } from './types';
import { dotNetDate, dotNetTimeSpan, plannedLocalPath } from './wire-format';

/** Wire-level behaviour of the fake that a typed client would hide: headers, bodies, zones, url_base. */

jest.setTimeout(20_000);

let fake: FakeSlskd;
let downloads: string;

beforeAll(async () => {
  downloads = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-slskd-spec-'));
  fake = await startFakeSlskd({
    urlBase: '/slskd',
    downloadsDir: downloads,
    catalogue: generateDefaultSlskdCatalogue(),
    timing: {
      searchResponseDelayMs: [10, 60],
      // Wide enough that a poll catches the Completed-but-not-ended window even on a loaded machine.
      searchFinalizeDelayMs: 400,
      transferStepMs: 20,
      remoteQueueStepMs: 20,
      progressIntervalMs: 20,
      maxTransferMs: 100,
      fileMoveDelayMs: 20,
    },
    fileDurationOverride: 1,
  });
});

afterAll(async () => {
  await fake.close();
  await fs.rm(downloads, { recursive: true, force: true });
});

const api = (p: string, init: RequestInit = {}, key: string | null = fake.apiKey) =>
  fetch(`${fake.url}/api/v0${p}`, {
    ...init,
    headers: { ...(key ? { 'X-API-Key': key } : {}), 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });

describe('fake slskd wire behaviour', () => {
  it('answers 401 with an empty body and WWW-Authenticate, and refuses an API key sent as Bearer', async () => {
    const none = await api('/server', {}, null);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.text()).toBe('');
    const bearerKey = await api('/server', { headers: { Authorization: `Bearer ${fake.apiKey}` } }, null);
    expect(bearerKey.status).toBe(401);
    expect(bearerKey.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('serves the API with and without url_base, /health anonymously, and 404s unknown API routes with no body', async () => {
    const withoutBase = await fetch(`http://127.0.0.1:${fake.port}/api/v0/application/version`, {
      headers: { 'X-API-Key': fake.apiKey },
    });
    expect(await withoutBase.json()).toBe('0.26.0');
    const health = await fetch(`${fake.url}/health`);
    expect(await health.text()).toBe('Healthy');
    const unknown = await api('/nothing/here');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('');
  });

  it('issues JWTs that a restart invalidates', async () => {
    const login = await api('/session', { method: 'POST', body: JSON.stringify({ username: 'slskd', password: 'slskd' }) }, null);
    const { token, tokenType } = (await login.json()) as { token: string; tokenType: string };
    expect(tokenType).toBe('Bearer');
    expect((await api('/server', { headers: { Authorization: `Bearer ${token}` } }, null)).status).toBe(200);
    await fake.control.restart();
    expect((await api('/server', { headers: { Authorization: `Bearer ${token}` } }, null)).status).toBe(401);
  });

  it('publishes responses only after endedAt, a moment after the Completed state', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    const post = await api('/searches', { method: 'POST', body: JSON.stringify({ id, searchText: 'velvet foxes neon', searchTimeout: 150 }) });
    const created = (await post.json()) as Record<string, unknown>;
    expect(created['state']).toBe('Requested');
    expect(created).not.toHaveProperty('endedAt');
    let sawCompletedWithoutEnd = false;
    for (let i = 0; i < 200; i++) {
      // Read /responses first: endedAt only ever goes from unset to set, so if the later read still has
      // no endedAt, the earlier /responses must have been empty (no race between the two requests).
      const responses = (await (await api(`/searches/${id}/responses`)).json()) as unknown[];
      const s = (await (await api(`/searches/${id}?includeResponses=true`)).json()) as Record<string, unknown>;
      if (!s['endedAt']) {
        expect(responses).toEqual([]);
        expect(s['responses']).toEqual([]);
        if (String(s['state']).startsWith('Completed')) sawCompletedWithoutEnd = true;
      } else {
        expect((s['responses'] as unknown[]).length).toBeGreaterThan(0);
        const after = (await (await api(`/searches/${id}/responses`)).json()) as unknown[];
        expect(after.length).toBe(s['responseCount']);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(sawCompletedWithoutEnd).toBe(true);
  });

  it('writes transfer requestedAt with Z in the POST reply and without Z on GET; nulls are omitted', async () => {
    const peer = generateDefaultSlskdCatalogue().peers.find((p) => p.username === 'flacvault');
    const file = peer?.files.find((f) => f.path.endsWith('.flac'));
    if (!file) throw new Error('default catalogue lost flacvault');
    const post = await api('/transfers/downloads/flacvault', { method: 'POST', body: JSON.stringify([{ filename: file.path, size: file.size }]) });
    expect(post.status).toBe(201);
    const { enqueued } = (await post.json()) as { enqueued: Record<string, unknown>[] };
    expect(String(enqueued[0]['requestedAt'])).toMatch(/\.\d{7}Z$/);
    expect(enqueued[0]).not.toHaveProperty('endedAt');
    expect(enqueued[0]).not.toHaveProperty('startOffset');
    const got = (await (await api(`/transfers/downloads/anyone/${String(enqueued[0]['id'])}`)).json()) as Record<string, unknown>;
    expect(String(got['requestedAt'])).toMatch(/\.\d{7}$/);
    expect(JSON.stringify(got)).not.toContain('null');
  });

  it('returns 404 for a user without downloads and 429 for a third concurrent enqueue', async () => {
    expect((await api('/transfers/downloads/nobody')).status).toBe(404);
    const body = JSON.stringify([{ filename: '@@x\\a\\b.mp3', size: 1 }]);
    const statuses = await Promise.all([1, 2, 3].map(() => api('/transfers/downloads/bob_320', { method: 'POST', body }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('lists events newest first with X-Total-Count and JSON-string data', async () => {
    let events: { type: string; data: string }[] = [];
    for (let i = 0; i < 100 && events.length === 0; i++) {
      const res = await api('/events?offset=0&limit=10');
      expect(Number(res.headers.get('x-total-count'))).toBeGreaterThanOrEqual(0);
      events = (await res.json()) as typeof events;
      if (events.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(events[0].type).toBe('DownloadFileComplete');
    const data = JSON.parse(events[0].data) as { localFilename: string };
    expect(data.localFilename.startsWith(downloads)).toBe(true);
    await expect(fs.stat(data.localFilename)).resolves.toBeDefined();
  });
});

describe('search word matching', () => {
  it('needs every term in the path, drops one-letter terms and honours exclusions', () => {
    const q = parseSearchText('Velvet foxes a -live');
    expect(q).toEqual({ terms: ['velvet', 'foxes'], exclusions: ['live'] });
    expect(matchesQuery('@@x\\The Velvet Foxes\\Neon\\01.mp3', q.terms, q.exclusions)).toBe(true);
    expect(matchesQuery('@@x\\Velvet Foxes - Live\\01.mp3', q.terms, q.exclusions)).toBe(false);
    expect(matchesQuery('@@x\\Velvet\\01.mp3', q.terms, q.exclusions)).toBe(false);
  });
});

describe('default catalogue', () => {
  it('is deterministic and covers every album with real and decoy files', () => {
    const a = generateDefaultSlskdCatalogue();
    expect(generateDefaultSlskdCatalogue()).toEqual(a);
    expect(DEFAULT_SLSKD_CATALOGUE_ALBUMS.length).toBeGreaterThanOrEqual(20);
    const paths = a.peers.flatMap((p) => p.files.map((f) => f.path));
    for (const album of DEFAULT_SLSKD_CATALOGUE_ALBUMS) {
      expect(paths.some((p) => p.includes(album.album.replace(/[\\/:*?"<>|]/g, '_')))).toBe(true);
    }
    for (const decoy of ['(Live', 'Remix', 'Karaoke', 'Cover', 'Radio Edit']) {
      expect(paths.some((p) => p.includes(decoy))).toBe(true);
    }
    expect(a.peers.some((p) => p.files.some((f) => f.actualDurationSeconds !== undefined && f.length !== undefined && f.actualDurationSeconds < f.length))).toBe(true);
    expect(a.peers.some((p) => p.online === false)).toBe(true);
    expect(a.peers.some((p) => p.files.some((f) => f.locked))).toBe(true);
    for (const ext of ['flac', 'mp3', 'ogg', 'opus', 'm4a']) expect(paths.some((p) => p.endsWith(`.${ext}`))).toBe(true);
  });
});

describe('wire formatting', () => {
  it('formats .NET dates and TimeSpans', () => {
    const d = new Date('2026-08-22T18:04:31.512Z');
    expect(dotNetDate(d)).toBe('2026-08-22T18:04:31.5120000Z');
    expect(dotNetDate(d, false)).toBe('2026-08-22T18:04:31.5120000');
    expect(dotNetTimeSpan(62_500)).toBe('00:01:02.5000000');
    expect(dotNetTimeSpan(10_000)).toBe('00:00:10');
    expect(dotNetTimeSpan(93_784_000)).toBe('1.02:03:04');
  });

  it('lays files out as <downloads>/<parent>/<file> and never outside', () => {
    expect(plannedLocalPath('/dl', '@@k\\Music\\A\\2001 - Album\\01 - Intro.flac')).toBe(path.resolve('/dl/2001 - Album/01 - Intro.flac'));
    expect(plannedLocalPath('/dl', 'loose.mp3')).toBe(path.resolve('/dl/loose.mp3'));
    expect(plannedLocalPath('/dl', 'x\\..\\..\\evil.mp3')).toBe(path.resolve('/dl/_/evil.mp3'));
  });
});
