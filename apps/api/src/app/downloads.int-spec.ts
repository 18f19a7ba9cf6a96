import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type {
  ApiErrorBody,
  CreateDownloadsResponse,
  Download,
  DownloadBatchResponse,
  DownloadDetail,
  DownloadQueueStatus,
  DownloadSettings,
  Page,
} from '@soulspot/shared/contracts';
import { JobQueue, QueueName } from '@soulspot/api/core';
import { HttpSession } from '@soulspot/api/testing';
import { startTestApi, TestApi } from '../testing/test-api';

/**
 * The downloads REST API over real HTTP (real Postgres and Redis): validation, 404s, actions and their
 * refusals, batches with skipped reasons, ordering, queue pause and settings. No slskd is involved: the
 * api only writes rows and kicks the engine's tick job.
 */
jest.setTimeout(60_000);

describe('downloads API', () => {
  let api: TestApi;
  let admin: HttpSession;
  let db: DataSource;

  const post = <T>(path: string, json?: unknown) => admin.post<T>(path, json);
  const errors = (body: ApiErrorBody) => [body.message, ...(body.errors ?? [])].join('\n');

  async function wanted(title: string, state = 'wanted'): Promise<string> {
    const [r] = (await db.query(
      `INSERT INTO wanted_tracks (dedupe_key, meta_key, title, artists, album, duration_ms, state) VALUES ($1, $1, $2, $3, 'Album', 200000, $4) RETURNING id`,
      [`meta:${title}:${Math.random()}`, title, ['Some Artist'], state],
    )) as { id: string }[];
    return r.id;
  }

  beforeAll(async () => {
    api = await startTestApi('downloads');
    admin = new HttpSession(api.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = onboard.body.csrfToken;
    db = api.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await api?.close();
  });

  it('settings: defaults, partial update, validation', async () => {
    const get = await admin.get<DownloadSettings>('/api/settings/downloads');
    expect(get.status).toBe(200);
    expect(get.body).toEqual({
      maxActive: 4,
      maxPerUser: 2,
      maxSearching: 6,
      maxAttempts: 8,
      enqueueTimeoutSeconds: 180,
      remoteQueueTimeoutMinutes: 30,
      stallTimeoutSeconds: 120,
      maxAttemptMinutes: 120,
      retryBaseSeconds: 30,
      autoBlockAfterFailures: 5,
      autoBlockDays: 30,
      verifyDecode: true,
    });
    const bad = await admin.request<ApiErrorBody>('PUT', '/api/settings/downloads', { json: { maxActive: 0, verifyDecode: 'yes', bogus: 1 } });
    expect(bad.status).toBe(400);
    expect(errors(bad.body)).toMatch(/maxActive must not be less than 1/);
    expect(errors(bad.body)).toMatch(/verifyDecode must be a boolean/);
    expect(errors(bad.body)).toMatch(/bogus should not exist/);
    const put = await admin.request<DownloadSettings>('PUT', '/api/settings/downloads', { json: { maxActive: 6, verifyDecode: false } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ maxActive: 6, maxPerUser: 2, verifyDecode: false });
    expect((await admin.get<DownloadSettings>('/api/settings/downloads')).body.maxActive).toBe(6);
  });

  it('create: exactly one source, validated, 404 for unknown references', async () => {
    expect((await post<ApiErrorBody>('/api/downloads', {})).status).toBe(400);
    const two = await post<ApiErrorBody>('/api/downloads', { track: { artist: 'A', title: 'B' }, sourceId: '00000000-0000-4000-8000-000000000000' });
    expect(two.status).toBe(400);
    expect(two.body.message).toMatch(/exactly one of/);
    const badIds = await post<ApiErrorBody>('/api/downloads', { wantedTrackIds: ['nope'] });
    expect(badIds.status).toBe(400);
    expect(errors(badIds.body)).toMatch(/UUID/);
    const badTrack = await post<ApiErrorBody>('/api/downloads', { track: { artist: '', title: 'x' }, priority: 1000 });
    expect(badTrack.status).toBe(400);
    expect(errors(badTrack.body)).toMatch(/artist should not be empty/);
    expect(errors(badTrack.body)).toMatch(/priority must not be greater than 100/);
    expect((await post('/api/downloads', { wantedTrackIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(404);
    expect((await post('/api/downloads', { sourceId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await post('/api/downloads', { candidate: { searchId: '00000000-0000-4000-8000-000000000000', candidateId: '00000000-0000-4000-8000-000000000001' } })).status).toBe(404);
  });

  it('create from wanted tracks and lists: excluded and present tracks skipped, open downloads never doubled; a tick is kicked', async () => {
    const queue = api.app.get(JobQueue).queue(QueueName.Downloads);
    const ticksBefore = await queue.getWaitingCount();
    const [a, b, excluded, present] = [await wanted('Track A'), await wanted('Track B'), await wanted('Track X', 'excluded'), await wanted('Track P', 'in_library')];
    const first = await post<CreateDownloadsResponse>('/api/downloads', { wantedTrackIds: [a, excluded, present], priority: 2 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 1, existing: 1, excluded: 1 });
    expect(first.body.items[0]).toMatchObject({ wantedTrackId: a, state: 'wanted', priority: 2, artist: 'Some Artist', title: 'Track A', album: 'Album', durationMs: 200000, attemptCount: 0 });
    expect(await queue.getWaitingCount()).toBeGreaterThan(ticksBefore);

    const again = await post<CreateDownloadsResponse>('/api/downloads', { wantedTrackIds: [a, b] });
    expect(again.body).toMatchObject({ created: 1, existing: 1, excluded: 0 });

    const [source] = (await db.query(`INSERT INTO list_sources (kind, name) VALUES ('text', 'My list') RETURNING id`)) as { id: string }[];
    const c = await wanted('Track C');
    for (const [i, w] of [a, excluded, c].entries()) {
      await db.query(`INSERT INTO source_entries (source_id, wanted_track_id, position) VALUES ($1, $2, $3)`, [source.id, w, i]);
    }
    const fromList = await post<CreateDownloadsResponse>('/api/downloads', { sourceId: source.id });
    expect(fromList.status).toBe(201);
    expect(fromList.body).toMatchObject({ created: 1, existing: 1, excluded: 1 });
    expect(fromList.body.items.map((d) => d.title)).toEqual(['Track C']);
  });

  it('quality profiles: the request\'s, else the list\'s, else the user\'s default; unknown ids are a 400', async () => {
    const mp3 = await post<{ id: string }>('/api/quality-profiles', { name: 'MP3 only', allowedFormats: ['mp3'], minBitrate: 256, requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [] });
    expect(mp3.status).toBe(201);
    const unknown = await post<ApiErrorBody>('/api/downloads', { track: { artist: 'A', title: 'Unknown profile' }, profile: 'no-such-profile' });
    expect(unknown.status).toBe(400);
    expect(errors(unknown.body)).toMatch(/unknown quality profile/);
    const chosen = await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'A', title: 'Chosen profile' }, profile: mp3.body.id });
    expect(chosen.body.items[0].profile).toBe(mp3.body.id);
    expect((await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'A', title: 'Default profile' } })).body.items[0].profile).toBe('lossless-preferred');
    expect((await post(`/api/quality-profiles/${mp3.body.id}/default`)).status).toBeLessThan(300);
    expect((await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'A', title: 'New default' } })).body.items[0].profile).toBe(mp3.body.id);

    const [source] = (await db.query(`INSERT INTO list_sources (kind, name, profile) VALUES ('text', 'Space saver list', 'space-saver') RETURNING id`)) as { id: string }[];
    for (const [i, title] of ['List track 1', 'List track 2'].entries()) {
      await db.query(`INSERT INTO source_entries (source_id, wanted_track_id, position) VALUES ($1, $2, $3)`, [source.id, await wanted(title), i]);
    }
    const fromList = await post<CreateDownloadsResponse>('/api/downloads', { sourceId: source.id });
    expect(fromList.body.items.map((d) => d.profile)).toEqual(['space-saver', 'space-saver']);
    await post(`/api/quality-profiles/lossless-preferred/default`);
  });

  it('create from a chosen search result pins that file; a second click while it is queued adds nothing', async () => {
    const [search] = (await db.query(
      `INSERT INTO soulseek_searches (status, artist, title, album, duration_ms, profile) VALUES ('done', 'Pin Artist', 'Pin Title', 'Pin Album', 201000, 'balanced') RETURNING id`,
    )) as { id: string }[];
    const [cand] = (await db.query(
      `INSERT INTO soulseek_search_candidates (search_id, accepted, position, username, filename, size, upload_speed, queue_length, has_free_upload_slot)
       VALUES ($1, false, 3, 'peer', '@@peer\\Music\\Pin Title.mp3', 123456, 1000, 0, true) RETURNING id`,
      [search.id],
    )) as { id: string }[];
    const first = await post<CreateDownloadsResponse>('/api/downloads', { candidate: { searchId: search.id, candidateId: cand.id }, priority: 5 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 1, existing: 0 });
    expect(first.body.items[0]).toMatchObject({ searchId: search.id, artist: 'Pin Artist', title: 'Pin Title', durationMs: 201000, profile: 'balanced', priority: 5, wantedTrackId: null });
    const again = await post<CreateDownloadsResponse>('/api/downloads', { candidate: { searchId: search.id, candidateId: cand.id } });
    expect(again.body).toMatchObject({ created: 0, existing: 1 });
    expect(again.body.items[0].id).toBe(first.body.items[0].id);
    const [otherSearch] = (await db.query(`INSERT INTO soulseek_searches (status, artist, title, profile) VALUES ('done', 'X', 'Y', 'balanced') RETURNING id`)) as { id: string }[];
    expect((await post('/api/downloads', { candidate: { searchId: otherSearch.id, candidateId: cand.id } })).status).toBe(404);
    await post(`/api/downloads/${first.body.items[0].id}/actions/cancel`);
  });

  it('lists by state and text, validates the filter, and shows a detail with attempts', async () => {
    const adhoc = await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'Zed Artist', title: 'Needle', durationMs: 180000 } });
    expect(adhoc.status).toBe(201);
    expect(adhoc.body.items[0].wantedTrackId).toBeNull();
    const list = await admin.get<Page<Download>>('/api/downloads?state=wanted,searching&q=needle');
    expect(list.status).toBe(200);
    expect(list.body.items.map((d) => d.title)).toEqual(['Needle']);
    expect(list.body.total).toBe(1);
    const all = await admin.get<Page<Download>>('/api/downloads?pageSize=2&page=1');
    expect(all.body.items).toHaveLength(2);
    // Higher priority first.
    expect(all.body.items[0].priority).toBe(2);
    const bad = await admin.get<ApiErrorBody>('/api/downloads?state=nonsense&pageSize=9999');
    expect(bad.status).toBe(400);
    expect(errors(bad.body)).toMatch(/state must be one of/);
    expect(errors(bad.body)).toMatch(/pageSize must not be greater than 500/);

    const detail = await admin.get<DownloadDetail>(`/api/downloads/${adhoc.body.items[0].id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: adhoc.body.items[0].id, attempts: [] });
    expect((await admin.get('/api/downloads/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.get('/api/downloads/not-a-uuid')).status).toBe(400);
  });

  it('actions: pause/resume/cancel/retry/prioritize/remove, with 409 when they do not apply', async () => {
    const { body } = await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'Act', title: 'Ion' } });
    const id = body.items[0].id;
    const act = (action: string, json?: unknown) => post<Download & ApiErrorBody>(`/api/downloads/${id}/actions/${action}`, json);

    expect((await act('explode')).status).toBe(400);
    expect((await act('resume')).status).toBe(409);
    const paused = await act('pause');
    expect(paused.status).toBe(200);
    expect(paused.body.state).toBe('paused');
    const again = await act('pause');
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already paused/);
    expect((await act('resume')).body.state).toBe('wanted');
    const top = await act('prioritize');
    expect(top.body.priority).toBeGreaterThan(2);
    expect((await act('prioritize', { priority: -5 })).body.priority).toBe(-5);
    const cancelled = await act('cancel');
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });
    expect(cancelled.body.finishedAt).not.toBeNull();
    expect((await act('cancel')).status).toBe(409);
    const retried = await act('retry');
    expect(retried.body).toMatchObject({ state: 'wanted', attemptCount: 0, finishedAt: null });
    const removed = await act('remove');
    expect(removed.status).toBe(204);
    expect((await admin.get(`/api/downloads/${id}`)).status).toBe(404);
    expect((await post('/api/downloads/00000000-0000-4000-8000-000000000000/actions/pause')).status).toBe(404);
  });

  it('batch: applies where it can and says why it skipped the rest', async () => {
    const created = await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'Batch', title: 'One' } });
    const created2 = await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'Batch', title: 'Two' } });
    const [one, two] = [created.body.items[0].id, created2.body.items[0].id];
    await post(`/api/downloads/${two}/actions/pause`);
    const missing = '00000000-0000-4000-8000-00000000abcd';
    const res = await post<DownloadBatchResponse>('/api/downloads/batch', { ids: [one, two, missing], action: 'resume' });
    expect(res.status).toBe(200);
    expect(res.body.updated).toBe(1);
    expect(res.body.skipped).toEqual([
      { id: one, reason: 'cannot resume a wanted download' },
      { id: missing, reason: 'not found' },
    ]);
    const cancel = await post<DownloadBatchResponse>('/api/downloads/batch', { ids: [one, two], action: 'cancel' });
    expect(cancel.body).toEqual({ updated: 2, skipped: [] });
    expect((await post<ApiErrorBody>('/api/downloads/batch', { ids: [], action: 'cancel' })).status).toBe(400);
    expect((await post<ApiErrorBody>('/api/downloads/batch', { ids: [one], action: 'nope' })).status).toBe(400);
  });

  it('reorder: before another item or to the top/bottom of its priority', async () => {
    const ids: string[] = [];
    for (const t of ['R1', 'R2', 'R3']) ids.push((await post<CreateDownloadsResponse>('/api/downloads', { track: { artist: 'Order', title: t }, priority: 50 })).body.items[0].id);
    const order = async () => (await admin.get<Page<Download>>('/api/downloads?q=Order&state=wanted')).body.items.map((d) => d.title);
    expect(await order()).toEqual(['R1', 'R2', 'R3']);
    expect((await post(`/api/downloads/${ids[2]}/reorder`, { to: 'top' })).status).toBe(200);
    expect(await order()).toEqual(['R3', 'R1', 'R2']);
    expect((await post(`/api/downloads/${ids[2]}/reorder`, { beforeId: ids[1] })).status).toBe(200);
    expect(await order()).toEqual(['R1', 'R3', 'R2']);
    expect((await post(`/api/downloads/${ids[0]}/reorder`, { to: 'bottom' })).status).toBe(200);
    expect(await order()).toEqual(['R3', 'R2', 'R1']);
    expect((await post(`/api/downloads/${ids[0]}/reorder`, {})).status).toBe(400);
    expect((await post(`/api/downloads/${ids[0]}/reorder`, { to: 'middle' })).status).toBe(400);
    expect((await post(`/api/downloads/${ids[0]}/reorder`, { beforeId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('queue pause/resume and status; clear-finished only takes finished states', async () => {
    const paused = await post<DownloadQueueStatus>('/api/downloads/queue/pause');
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    const status = await admin.get<DownloadQueueStatus>('/api/downloads/status');
    expect(status.body).toMatchObject({ paused: true, slskd: { circuit: 'unconfigured' }, limits: { maxActive: 6, maxPerUser: 2 } });
    expect(status.body.counts.wanted).toBeGreaterThan(0);
    expect(status.body.counts.cancelled).toBeGreaterThan(0);
    expect((await post<DownloadQueueStatus>('/api/downloads/queue/resume')).body.paused).toBe(false);

    expect((await post<ApiErrorBody>('/api/downloads/clear-finished?state=wanted')).status).toBe(400);
    const cleared = await post<{ removed: number }>('/api/downloads/clear-finished?state=cancelled');
    expect(cleared.status).toBe(200);
    expect(cleared.body.removed).toBe(status.body.counts.cancelled);
    expect((await admin.get<DownloadQueueStatus>('/api/downloads/status')).body.counts.cancelled).toBe(0);
  });

  it('requires a session', async () => {
    const anonymous = new HttpSession(api.url);
    expect((await anonymous.get('/api/downloads')).status).toBe(401);
  });
});
