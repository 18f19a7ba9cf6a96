import type { ApiErrorBody, CreateQualityProfileRequest, ImportListResponse, ListSource, QualityProfileView, SoulseekSearch } from '@soulspot/shared/contracts';
import { SoulseekSearchService } from '@soulspot/api/soulseek';
import { HttpSession } from '@soulspot/api/testing';
import { startTestApi, TestApi } from '../testing/test-api';

/** Quality profiles over real HTTP: session + CSRF, DTO validation, real PostgreSQL; searches pick them up. */
jest.setTimeout(60_000);

const valid: CreateQualityProfileRequest = {
  name: 'MP3 320 only',
  allowedFormats: ['mp3'],
  minBitrate: 256,
  requiredWords: [],
  ignoredWords: [' karaoke ', ''],
  preferredUsers: [],
  bannedUsers: ['leech'],
};

describe('quality profiles API', () => {
  let api: TestApi;
  let admin: HttpSession;
  const put = <T>(path: string, json: unknown) => admin.request<T>('PUT', path, { json });

  beforeAll(async () => {
    api = await startTestApi('quality_profiles');
    admin = new HttpSession(api.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = onboard.body.csrfToken;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('needs a session', async () => {
    expect((await new HttpSession(api.url).get('/api/quality-profiles')).status).toBe(401);
  });

  it('validates every field with 400 and the field names', async () => {
    const cases: [Partial<Record<keyof CreateQualityProfileRequest | 'id', unknown>>, RegExp][] = [
      [{ name: '' }, /name should not be empty/],
      [{ name: 'x'.repeat(61) }, /name must be shorter than or equal to 60 characters/],
      [{ allowedFormats: [] }, /allowedFormats must contain at least 1 elements/],
      [{ allowedFormats: ['mp3', 'midi'] }, /each value in allowedFormats must be one of the following values/],
      [{ allowedFormats: ['mp3', 'MP3'] }, /All allowedFormats's elements must be unique/],
      [{ allowedFormats: 'mp3' }, /allowedFormats must be an array/],
      [{ minBitrate: 4 }, /minBitrate must not be less than 8/],
      [{ maxBitrate: 320.5 }, /maxBitrate must be an integer/],
      [{ maxBitDepth: 64 }, /maxBitDepth must not be greater than 32/],
      [{ maxSampleRate: 100 }, /maxSampleRate must not be less than 8000/],
      [{ minSizeMb: -1 }, /minSizeMb must not be less than 0/],
      [{ maxSizeMb: 'big' }, /maxSizeMb must be a number/],
      [{ requiredWords: 'web' }, /requiredWords must be an array/],
      [{ ignoredWords: ['x'.repeat(101)] }, /each value in ignoredWords must be shorter than or equal to 100 characters/],
      [{ bannedUsers: Array.from({ length: 201 }, (_, i) => `u${i}`) }, /bannedUsers must contain no more than 200 elements/],
      [{ preferredUsers: [42] }, /each value in preferredUsers must be a string/],
      [{ minBitrate: 320, maxBitrate: 128 }, /minBitrate must not exceed maxBitrate/],
      [{ id: 'forged' }, /property id should not exist/],
    ];
    for (const [patch, message] of cases) {
      const res = await admin.post<ApiErrorBody>('/api/quality-profiles', { ...valid, ...patch });
      expect({ patch, status: res.status }).toEqual({ patch, status: 400 });
      expect(res.body.errors?.join('\n')).toMatch(message);
    }
    const missing: Partial<CreateQualityProfileRequest> = { ...valid };
    delete missing.requiredWords;
    expect((await admin.post<ApiErrorBody>('/api/quality-profiles', missing)).status).toBe(400);
    expect((await admin.get<QualityProfileView[]>('/api/quality-profiles')).body).toHaveLength(3);
  });

  it('creates (201), updates, sets the default, refuses to delete it (409), deletes (204)', async () => {
    const created = await admin.post<QualityProfileView>('/api/quality-profiles', { ...valid, allowedFormats: ['MP3', 'opus'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'MP3 320 only', builtIn: false, isDefault: false, allowedFormats: ['mp3', 'opus'], ignoredWords: ['karaoke'], maxBitrate: null });
    const id = created.body.id;

    const dup = await admin.post<ApiErrorBody>('/api/quality-profiles', valid);
    expect(dup.status).toBe(400);
    expect(dup.body.errors?.join()).toMatch(/already exists/);

    const updated = await put<QualityProfileView>(`/api/quality-profiles/${id}`, { ...valid, name: 'MP3 only', maxSizeMb: 15.5 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, name: 'MP3 only', maxSizeMb: 15.5, allowedFormats: ['mp3'] });
    expect((await put<ApiErrorBody>('/api/quality-profiles/balanced', valid)).status).toBe(409);
    expect((await put<ApiErrorBody>('/api/quality-profiles/00000000-0000-0000-0000-000000000000', valid)).status).toBe(404);

    const def = await admin.post<QualityProfileView>(`/api/quality-profiles/${id}/default`, {});
    expect(def.status).toBe(200);
    expect(def.body.isDefault).toBe(true);
    const list = await admin.get<QualityProfileView[]>('/api/quality-profiles');
    expect(list.body.filter((p) => p.isDefault).map((p) => p.id)).toEqual([id]);

    const inUse = await admin.delete<ApiErrorBody>(`/api/quality-profiles/${id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toMatch(/"MP3 only" is the default quality profile: make another profile the default first/);

    expect((await admin.post(`/api/quality-profiles/space-saver/default`, {})).status).toBe(200);
    expect((await admin.delete(`/api/quality-profiles/${id}`)).status).toBe(204);
    expect((await admin.delete(`/api/quality-profiles/${id}`)).status).toBe(404);
    expect((await admin.delete('/api/quality-profiles/balanced')).status).toBe(409);
    expect((await admin.post('/api/quality-profiles/nope/default', {})).status).toBe(404);
  });

  it('searches accept a user profile, fall back to the default and 400 an unknown one', async () => {
    // Any URL will do: creating a search only queues it (no worker here).
    expect((await put('/api/settings/slskd', { url: 'http://127.0.0.1:9', apiKey: 'k' })).status).toBe(200);
    const mine = await admin.post<QualityProfileView>('/api/quality-profiles', { ...valid, name: 'Opus first', allowedFormats: ['opus', 'mp3'] });
    const withMine = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'Mara Quinn', title: 'Undertow', profile: mine.body.id });
    expect(withMine.status).toBe(202);
    expect(withMine.body.profile).toBe(mine.body.id);

    await admin.post(`/api/quality-profiles/balanced/default`, {});
    const withDefault = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'Mara Quinn', title: 'Undertow' });
    expect(withDefault.body.profile).toBe('balanced');

    const unknown = await admin.post<ApiErrorBody>('/api/soulseek/searches', { artist: 'Mara Quinn', title: 'Undertow', profile: 'no-such-profile' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/unknown quality profile "no-such-profile"/);

    // Queued work (the download engine) whose profile was deleted meanwhile searches with the default instead of failing.
    await admin.delete(`/api/quality-profiles/${mine.body.id}`);
    const queued = await api.app.get(SoulseekSearchService).create({ artist: 'Mara Quinn', title: 'Undertow', profile: mine.body.id });
    expect(queued.profile).toBe('balanced');
  });

  it('a list source carries its own profile: set, validated (400 unknown), reset to the default with null', async () => {
    const mine = await admin.post<QualityProfileView>('/api/quality-profiles', { ...valid, name: 'For lists' });
    const imported = await admin.post<ImportListResponse>('/api/sources/import', { fileName: 'mix.txt', content: 'Mara Quinn - Undertow\nThe Velvet Foxes - Runaway Tonight\n' });
    expect(imported.status).toBe(201);
    const id = imported.body.source.id;
    expect(imported.body.source.profile).toBeNull();
    const patch = <T>(json: unknown) => admin.request<T>('PATCH', `/api/sources/${id}`, { json });

    const set = await patch<ListSource>({ profile: mine.body.id });
    expect(set.status).toBe(200);
    expect(set.body.profile).toBe(mine.body.id);
    expect((await admin.get<ListSource[]>('/api/sources')).body.find((s) => s.id === id)?.profile).toBe(mine.body.id);
    expect((await patch<ListSource>({ profile: 'space-saver' })).body.profile).toBe('space-saver');

    const unknown = await patch<ApiErrorBody>({ profile: 'no-such-profile' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/unknown quality profile/);
    expect((await patch<ApiErrorBody>({ profile: '' })).status).toBe(400);
    expect((await patch<ApiErrorBody>({ profile: 'x'.repeat(101) })).status).toBe(400);

    const reset = await patch<ListSource>({ profile: null });
    expect(reset.status).toBe(200);
    expect(reset.body.profile).toBeNull();
  });
});
