import { createHash } from 'node:crypto';
import { type FakeSpotify, startFakeSpotify } from './spotify-fake.server';

async function getJson(url: string, token?: string): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain-text bodies stay strings
  }
  return { status: res.status, body, headers: res.headers };
}

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('fake Spotify behaviour', () => {
  let fake: FakeSpotify;
  let token: string;

  beforeAll(async () => {
    fake = await startFakeSpotify({ seed: { seed: 11 } });
    token = fake.control.issueTokens().access_token;
  });
  afterAll(() => fake.close());

  it('generates the same library for the same seed and a different one for another seed', async () => {
    const again = await startFakeSpotify({ seed: { seed: 11 } });
    const other = await startFakeSpotify({ seed: { seed: 12 } });
    try {
      expect([...again.library.tracks.keys()]).toEqual([...fake.library.tracks.keys()]);
      expect([...other.library.tracks.keys()].slice(0, 5)).not.toEqual([...fake.library.tracks.keys()].slice(0, 5));
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });

  it('applies the fields filter with dots and parentheses', async () => {
    const owned = [...fake.library.playlists.values()].find((p) => p.ownerId === fake.library.me.id);
    const { body } = await getJson(`${fake.apiUrl}/playlists/${owned?.id ?? ''}?fields=${encodeURIComponent('snapshot_id,items.total,owner(id)')}`, token);
    expect(Object.keys(body as object).sort()).toEqual(['items', 'owner', 'snapshot_id']);
    expect(body).toMatchObject({ items: { total: owned?.entries.length }, owner: { id: fake.library.me.id } });
    expect(Object.keys((body as { owner: object }).owner)).toEqual(['id']);
    const items = await getJson(`${fake.apiUrl}/playlists/${owned?.id ?? ''}/items?limit=3&fields=${encodeURIComponent('total,items(added_at,item(name))')}`, token);
    expect(items.body).toEqual({ total: owned?.entries.length, items: expect.any(Array) as unknown });
    expect(Object.keys((items.body as { items: object[] }).items[1]).sort()).toEqual(['added_at', 'item']);
  });

  it('rejects authorize requests with a wrong client, redirect URI or a plain challenge', async () => {
    const base = new URL(`${fake.accountsUrl}/authorize`);
    const challenge = createHash('sha256').update('v'.repeat(50)).digest('base64url');
    const q = (over: Record<string, string>) => {
      const u = new URL(base);
      for (const [k, v] of Object.entries({ client_id: fake.clientId, response_type: 'code', redirect_uri: 'http://127.0.0.1:5555/auth/spotify/callback', code_challenge_method: 'S256', code_challenge: challenge, state: 'st', ...over })) u.searchParams.set(k, v);
      return u.toString();
    };
    expect((await fetch(q({ client_id: 'wrong' }), { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(q({ redirect_uri: 'http://localhost:5555/auth/spotify/callback' }), { redirect: 'manual' })).status).toBe(400);
    const plain = await fetch(q({ code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(plain.status).toBe(302);
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
    const ok = await fetch(q({}), { redirect: 'manual' });
    expect(new URL(ok.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
  });

  it('only accepts form-encoded token requests', async () => {
    const res = await fetch(`${fake.accountsUrl}/api/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token', client_id: fake.clientId }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('enforces scopes with 403 "Insufficient client scope"', async () => {
    const narrow = fake.control.issueTokens(['playlist-read-private']).access_token;
    const res = await getJson(`${fake.apiUrl}/me/tracks`, narrow);
    expect(res).toMatchObject({ status: 403, body: { error: { status: 403, message: 'Insufficient client scope' } } });
  });

  it('is controllable over HTTP: faults, mutations, tokens and state', async () => {
    const issued = (await post(`${fake.accountsUrl}/__control/tokens`, {})).body as { access_token: string };
    expect((await getJson(`${fake.apiUrl}/me`, issued.access_token)).status).toBe(200);
    expect((await post(`${fake.accountsUrl}/__control/fault`, { status: 403, body: 'not-registered' })).status).toBe(204);
    expect(await getJson(`${fake.apiUrl}/me`, token)).toMatchObject({ status: 403, body: 'User not registered in the Developer Dashboard' });
    const owned = [...fake.library.playlists.values()].find((p) => p.ownerId === fake.library.me.id);
    const before = (await getJson(`${fake.accountsUrl}/__control/state`)).body as { requestCount: number; playlists: { id: string; snapshotId: string; total: number }[] };
    const mutated = (await post(`${fake.accountsUrl}/__control/playlists/${owned?.id ?? ''}/mutate`, { addTracks: 3 })).body as { snapshotId: string };
    const after = (await getJson(`${fake.accountsUrl}/__control/state`)).body as typeof before;
    const b = before.playlists.find((p) => p.id === owned?.id);
    const a = after.playlists.find((p) => p.id === owned?.id);
    expect(a?.snapshotId).toBe(mutated.snapshotId);
    expect(a?.snapshotId).not.toBe(b?.snapshotId);
    expect(a?.total).toBe((b?.total ?? 0) + 3);
    // Control calls are not counted as API traffic.
    expect(after.requestCount).toBe(before.requestCount);
  });
});

describe('fake Spotify rate limiting', () => {
  it('answers 429 with Retry-After once the rolling window is full, and recovers after it', async () => {
    let clock = 1_000_000;
    const fake = await startFakeSpotify({ rateLimit: { maxRequests: 3, windowMs: 30_000, retryAfterSec: 7 }, now: () => clock });
    try {
      const token = fake.control.issueTokens().access_token;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await getJson(`${fake.apiUrl}/me`, token)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await getJson(`${fake.apiUrl}/me`, token);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.body).toBe('Too many requests');
      clock += 30_001;
      expect((await getJson(`${fake.apiUrl}/me`, token)).status).toBe(200);
    } finally {
      await fake.close();
    }
  });
});
