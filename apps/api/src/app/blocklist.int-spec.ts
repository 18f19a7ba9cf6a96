import type { ApiErrorBody, BlocklistEntry, Page } from '@soulspot/shared/contracts';
import { BlocklistService } from '@soulspot/api/soulseek';
import { HttpSession } from '@soulspot/api/testing';
import { startTestApi, TestApi } from '../testing/test-api';

/** The blocklist over real HTTP (session + CSRF, DTO validation, real PostgreSQL). */
jest.setTimeout(60_000);

describe('blocklist API', () => {
  let api: TestApi;
  let admin: HttpSession;

  beforeAll(async () => {
    api = await startTestApi('blocklist');
    admin = new HttpSession(api.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = onboard.body.csrfToken;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('needs a session', async () => {
    const anonymous = new HttpSession(api.url);
    expect((await anonymous.get('/api/blocklist')).status).toBe(401);
  });

  it('validates the target for each kind with 400 and the field names', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'user' }, /username is required/],
      [{ kind: 'user', username: '' }, /username is required/],
      [{ kind: 'file' }, /filename is required/],
      [{ kind: 'user_file', username: 'alice' }, /filename is required/],
      [{ kind: 'user_file', filename: 'x.flac' }, /username is required/],
      [{ kind: 'peer', username: 'alice' }, /kind must be one of/],
      [{ kind: 'user', username: 'alice', expiresInDays: 0 }, /expiresInDays must not be less than 1/],
      [{ kind: 'user', username: 'alice', expiresInDays: 1.5 }, /expiresInDays must be an integer/],
      [{ kind: 'user', username: 'alice', id: 'forged' }, /property id should not exist/],
    ];
    for (const [body, message] of cases) {
      const res = await admin.post<ApiErrorBody>('/api/blocklist', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors?.join('\n')).toMatch(message);
    }
    expect((await admin.get<Page<BlocklistEntry>>('/api/blocklist')).body.total).toBe(0);
  });

  it('creates (201), refreshes a repeat, lists newest first, deletes (204), and 404s a missing id', async () => {
    const user = await admin.post<BlocklistEntry>('/api/blocklist', { kind: 'user', username: 'leech', reason: 'never finishes', expiresInDays: 3 });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ kind: 'user', username: 'leech', filename: null, reason: 'never finishes', source: 'manual' });
    const days = (new Date(user.body.expiresAt as string).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);

    const file = await admin.post<BlocklistEntry>('/api/blocklist', { kind: 'file', filename: '@@share\\Music\\Fake\\01 - Upscaled.flac' });
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ kind: 'file', username: null, filename: '01 - Upscaled.flac', expiresAt: null });

    const pair = await admin.post<BlocklistEntry>('/api/blocklist', { kind: 'user_file', username: 'alice', filename: '@@a\\Song.mp3' });
    expect(pair.status).toBe(201);

    const repeat = await admin.post<BlocklistEntry>('/api/blocklist', { kind: 'user', username: 'leech', reason: 'still bad' });
    expect(repeat.status).toBe(201);
    expect(repeat.body).toMatchObject({ id: user.body.id, reason: 'still bad', expiresAt: null });

    const list = await admin.get<Page<BlocklistEntry>>('/api/blocklist?page=1&pageSize=2');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(list.body.items.map((e) => e.id)).toEqual([user.body.id, pair.body.id]);
    expect((await admin.get<ApiErrorBody>('/api/blocklist?pageSize=1000')).status).toBe(400);

    // What the engine sees on its next tick.
    const snapshot = await api.app.get(BlocklistService).snapshot();
    expect(snapshot.blocks('leech', 'anything.mp3')).toBe('still bad');
    expect(snapshot.blocks('bob', 'C:\\Music\\01 - UPSCALED.flac')).toBe('blocklisted file');

    const del = await admin.request('DELETE', `/api/blocklist/${user.body.id}`);
    expect(del.status).toBe(204);
    expect((await admin.request<ApiErrorBody>('DELETE', `/api/blocklist/${user.body.id}`)).status).toBe(404);
    expect((await admin.request<ApiErrorBody>('DELETE', '/api/blocklist/not-a-uuid')).status).toBe(400);
    expect((await api.app.get(BlocklistService).snapshot()).blocks('leech', 'anything.mp3')).toBeNull();
    expect((await admin.get<Page<BlocklistEntry>>('/api/blocklist')).body.total).toBe(2);
  });
});
