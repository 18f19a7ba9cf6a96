import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ApiErrorBody, SlskdSettings, SlskdTestConnectionResponse, SoulseekSearch, SoulseekSearchBudget, SoulseekSearchDetail, Page, SoulseekCandidate } from '@soulspot/shared/contracts';
import { createRedis, QueueName } from '@soulspot/api/core';
import { SoulseekSearchProcessor, SoulseekSearchService } from '@soulspot/api/soulseek';
import { HttpSession } from '@soulspot/api/testing';
import { generateDefaultSlskdCatalogue, startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { startTestApi, TestApi } from '../testing/test-api';

/**
 * The soulseek slice over real HTTP: settings, test connection and interactive searches run as BullMQ
 * jobs (real Redis, real Postgres) against the fake slskd (with a url_base), through the search gate.
 */
jest.setTimeout(90_000);

describe('soulseek: slskd settings and interactive search', () => {
  let api: TestApi;
  let fake: FakeSlskd;
  let admin: HttpSession;
  let worker: Worker;
  let workerRedis: Redis;

  const put = <T>(path: string, json: unknown) => admin.request<T>('PUT', path, { json });
  const searchPosts = () => fake.control.requestCounts()['POST /api/v0/searches'] ?? 0;

  async function waitForSearch(id: string, timeoutMs = 60_000): Promise<SoulseekSearchDetail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await admin.get<SoulseekSearchDetail>(`/api/soulseek/searches/${id}`);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      if (Date.now() > deadline) throw new Error(`search ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    [api, fake] = await Promise.all([
      startTestApi('soulseek'),
      startFakeSlskd({ catalogue: generateDefaultSlskdCatalogue(), urlBase: '/slskd', timing: { searchResponseDelayMs: [20, 150] } }),
    ]);
    admin = new HttpSession(api.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = onboard.body.csrfToken;
    // The worker process's half: the same processor class the worker registers, on the real queue.
    const processor = new SoulseekSearchProcessor(api.app.get(SoulseekSearchService));
    workerRedis = createRedis(api.config.redisUrl, { connectionName: 'soulseek-int-spec-worker' });
    worker = new Worker(QueueName.Soulseek, (job) => processor.handle(job.data, job), { connection: workerRedis, prefix: api.config.redisPrefix, concurrency: 2 });
  });
  afterAll(async () => {
    await worker?.close();
    await workerRedis?.quit();
    await api?.close();
    await fake?.close();
  });

  it('refuses searches and connection tests with a clear message before slskd is configured', async () => {
    const settings = await admin.get<SlskdSettings>('/api/settings/slskd');
    expect(settings.body).toMatchObject({ configured: false, hasApiKey: false, url: '', searchesPerWindow: 34, searchWindowSeconds: 220, searchMinGapMs: 2000 });
    const search = await admin.post<ApiErrorBody>('/api/soulseek/searches', { artist: 'A', title: 'B' });
    expect(search.status).toBe(503);
    expect(search.body.message).toMatch(/slskd is not configured/);
    const test = await admin.post<ApiErrorBody>('/api/soulseek/test-connection');
    expect(test.status).toBe(503);
  });

  it('validates the settings: URL and absolute paths', async () => {
    const bad = await put<ApiErrorBody>('/api/settings/slskd', { url: 'not a url', downloadsPathLocal: 'relative/dir', downloadsPathRemote: '/a/../b' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.join('\n')).toMatch(/url must be an http\(s\) URL/);
    expect(bad.body.errors?.join('\n')).toMatch(/downloadsPathLocal must be an absolute path/);
    expect(bad.body.errors?.join('\n')).toMatch(/downloadsPathRemote must be an absolute path/);
  });

  it('stores the API key sealed, never returns it, and reports a wrong key clearly', async () => {
    const saved = await put<SlskdSettings>('/api/settings/slskd', { url: `${fake.url}/`, apiKey: 'wrong-key', downloadsPathLocal: '/srv/slskd-downloads' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ url: fake.url, hasApiKey: true, configured: true, downloadsPathLocal: '/srv/slskd-downloads' });
    expect(JSON.stringify(saved.body)).not.toContain('wrong-key');
    const stored = await api.app.get(SoulseekSearchService)['settings']['repo'].get('slskd');
    expect(JSON.stringify(stored)).not.toContain('wrong-key');

    const test = await admin.post<ApiErrorBody>('/api/soulseek/test-connection');
    expect(test.status).toBe(422);
    expect(test.body.message).toMatch(/rejected the API key/);
  });

  it('tests the connection: version, Soulseek login and the downloads folder slskd reports', async () => {
    await put('/api/settings/slskd', { url: fake.url, apiKey: fake.apiKey, searchMinGapMs: 200, searchTimeoutMs: 400 });
    const test = await admin.post<SlskdTestConnectionResponse>('/api/soulseek/test-connection');
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ ok: true, loggedIn: true, downloadsDir: fake.downloadsDir });
    expect(test.body.version).toMatch(/^\d+\.\d+/);
    // The remote downloads folder defaults to what slskd reported.
    expect((await admin.get<SlskdSettings>('/api/settings/slskd')).body.downloadsPathRemote).toBe(fake.downloadsDir);
  });

  it('reports slskd being down as 503, not 500', async () => {
    await fake.control.down();
    try {
      const test = await admin.post<ApiErrorBody>('/api/soulseek/test-connection');
      expect(test.status).toBe(503);
      expect(test.body.message).toMatch(/slskd/);
    } finally {
      await fake.control.up();
    }
  });

  it('finds the studio version, ranks it first and rejects the live decoy with a reason', async () => {
    const postsBefore = searchPosts();
    const t0 = Date.now();
    const created = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'The Velvet Foxes', title: 'Runaway Tonight', album: 'Neon Boulevard', durationMs: 187_000 });
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('queued');
    const done = await waitForSearch(created.body.id);
    const wall = Date.now() - t0;
    expect(done.status).toBe('done');
    expect(done.steps[0]).toMatchObject({ id: 'Q1', query: 'the velvet foxes runaway tonight', cached: false });
    expect(done.acceptedCount).toBeGreaterThan(0);
    const top = done.accepted.items[0];
    expect(top.rank).toBe(1);
    expect(top.filename).toMatch(/Runaway Tonight/i);
    expect(top.filename).not.toMatch(/live|brixton/i);
    expect(top.identity).toBeGreaterThanOrEqual(70);
    expect(top.reasons.length + (top.quality ?? 0)).toBeGreaterThan(0);
    const live = done.rejected.items.find((c) => /brixton/i.test(c.filename));
    expect(live).toMatchObject({ accepted: false, rejectReason: 'version_mismatch' });
    expect(done.accepted.items.every((c) => !/brixton/i.test(c.filename))).toBe(true);
    expect(searchPosts() - postsBefore).toBe(done.steps.filter((s) => !s.cached).length);
    // slskd's search records are removed after reading.
    expect(fake.control.requestCounts()['DELETE /api/v0/searches/:id']).toBeGreaterThanOrEqual(1);
    console.info(`search wall time against the fake: ${wall} ms for ${done.steps.length} quer${done.steps.length === 1 ? 'y' : 'ies'} (${done.acceptedCount} accepted, ${done.rejectedCount} rejected)`);

    const page = await admin.get<Page<SoulseekCandidate>>(`/api/soulseek/searches/${done.id}/candidates?accepted=false&page=1&pageSize=2`);
    expect(page.body).toMatchObject({ total: done.rejectedCount, page: 1, pageSize: 2 });
    expect(page.body.items).toHaveLength(Math.min(2, done.rejectedCount));
    const acceptedPage = await admin.get<Page<SoulseekCandidate>>(`/api/soulseek/searches/${done.id}/candidates`);
    expect(acceptedPage.body).toMatchObject({ total: done.acceptedCount, page: 1, pageSize: 25 });
    expect(acceptedPage.body.items.map((c) => c.rank)).toEqual(done.accepted.items.map((c) => c.rank));
    const list = await admin.get<Page<SoulseekSearch>>('/api/soulseek/searches?page=1&pageSize=5');
    expect(list.body.items[0].id).toBe(done.id);
  });

  it('answers a repeated query from the 24 h cache without asking slskd again', async () => {
    const postsBefore = searchPosts();
    const created = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'the velvet foxes', title: 'Runaway  Tonight', album: 'Neon Boulevard', durationMs: 187_000 });
    const done = await waitForSearch(created.body.id);
    expect(done.status).toBe('done');
    expect(done.steps.every((s) => s.cached)).toBe(true);
    expect(searchPosts()).toBe(postsBefore);
    expect(done.accepted.items[0].filename).toMatch(/Runaway Tonight/i);
  });

  it('waits out a 429 from slskd (its Retry-After holds every gate), then finishes', async () => {
    fake.control.failRequests({ pathPrefix: '/api/v0/searches', method: 'POST', status: 429, times: 1 });
    const t0 = Date.now();
    const created = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'Mara Quinn', title: 'Undertow', durationMs: 251_000 });
    await new Promise((r) => setTimeout(r, 600));
    const budget = await admin.get<SoulseekSearchBudget>('/api/soulseek/search-budget');
    expect(budget.body.blockedUntil).not.toBeNull();
    expect(budget.body.available).toBe(0);
    const done = await waitForSearch(created.body.id);
    expect(done.status).toBe('done');
    // slskd's Retry-After (1 s) was honoured before the POST was sent again.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(done.accepted.items[0].filename).toMatch(/Undertow/i);
  });

  it('keeps to the budget: an exhausted window parks the next search (delayed job) and shows an ETA', async () => {
    await put('/api/settings/slskd', { url: fake.url, searchesPerWindow: 1, searchWindowSeconds: 4, searchMinGapMs: 200 });
    await new Promise((r) => setTimeout(r, 4_000)); // let earlier POSTs leave the 4 s window
    const postsBefore = searchPosts();
    const first = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'Kaito Mori', title: 'Tokyo Rain', durationMs: 245_000 });
    const second = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'Selene Park', title: 'Eclipse', durationMs: 214_000 });
    await new Promise((r) => setTimeout(r, 800));
    const budget = (await admin.get<SoulseekSearchBudget>('/api/soulseek/search-budget')).body;
    expect(budget).toMatchObject({ capacity: 1, windowSeconds: 4, minGapMs: 200, available: 0 });
    expect(budget.queuedSearches).toBeGreaterThanOrEqual(1);
    expect(budget.etaSeconds).toBeGreaterThan(0);
    expect(searchPosts() - postsBefore).toBe(1);
    const jobs = await admin.get<Page<{ id: string }>>('/api/system/queues/soulseek/jobs?state=delayed');
    expect(jobs.body.total).toBe(1);

    const [a, b] = await Promise.all([waitForSearch(first.body.id), waitForSearch(second.body.id)]);
    expect([a.status, b.status]).toEqual(['done', 'done']);
    const finishes = [a, b].map((s) => Date.parse(s.finishedAt ?? '')).sort();
    // Only one POST per 4 s window: the second search could not start before the first left the window.
    expect(finishes[1] - finishes[0]).toBeGreaterThan(2_500);
    expect(searchPosts() - postsBefore).toBe(a.steps.length + b.steps.length);
  });

  it('marks the search with a readable message and retries while slskd is down', async () => {
    await fake.control.down();
    const created = await admin.post<SoulseekSearch>('/api/soulseek/searches', { artist: 'Hollow Pines', title: 'Woodsmoke', durationMs: 276_000 });
    const deadline = Date.now() + 20_000;
    let row: SoulseekSearchDetail;
    do {
      await new Promise((r) => setTimeout(r, 200));
      row = (await admin.get<SoulseekSearchDetail>(`/api/soulseek/searches/${created.body.id}`)).body;
    } while (!row.error && Date.now() < deadline);
    expect(row.error).toMatch(/slskd is unreachable/);
    expect(row.status).toBe('queued');
    await fake.control.up();
    // The job's back-off retry (10 s) finds slskd again and finishes by itself.
    const done = await waitForSearch(created.body.id, 40_000);
    expect(done).toMatchObject({ status: 'done', error: null });
    expect(done.accepted.items[0].filename).toMatch(/Woodsmoke/i);
  });
});
