import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Page, QualityProfileView, SoulseekCandidate, SoulseekSearch, SoulseekSearchDetail } from '@soulspot/shared/contracts';
import { createRedis, QueueName } from '@soulspot/api/core';
import { SoulseekSearchProcessor, SoulseekSearchService } from '@soulspot/api/soulseek';
import { HttpSession } from '@soulspot/api/testing';
import { generateDefaultSlskdCatalogue, startFakeSlskd, type FakeSlskd } from '@soulspot/fakes';
import { startTestApi, TestApi } from '../testing/test-api';

/**
 * A user quality profile changes what a real search picks: the same responses from the fake slskd
 * (the second query comes from the 24 h cache) ranked under the built-in default and under user profiles.
 */
jest.setTimeout(120_000);

describe('quality profiles: searches rank with the chosen profile', () => {
  let api: TestApi;
  let fake: FakeSlskd;
  let admin: HttpSession;
  let worker: Worker;
  let workerRedis: Redis;
  const want = { artist: 'The Velvet Foxes', title: 'Runaway Tonight', album: 'Neon Boulevard', durationMs: 187_000 };
  const ext = (filename: string) => filename.slice(filename.lastIndexOf('.') + 1).toLowerCase();

  async function search(profile?: string): Promise<SoulseekSearchDetail> {
    const created = await admin.post<SoulseekSearch>('/api/soulseek/searches', { ...want, ...(profile ? { profile } : {}) });
    expect(created.status).toBe(202);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await admin.get<SoulseekSearchDetail>(`/api/soulseek/searches/${created.body.id}`);
      if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
      if (Date.now() > deadline) throw new Error(`search still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const profile = async (body: Partial<QualityProfileView>): Promise<string> => {
    const res = await admin.post<QualityProfileView>('/api/quality-profiles', { requiredWords: [], ignoredWords: [], preferredUsers: [], bannedUsers: [], ...body });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    [api, fake] = await Promise.all([startTestApi('quality_profiles_search'), startFakeSlskd({ catalogue: generateDefaultSlskdCatalogue(), timing: { searchResponseDelayMs: [20, 100] } })]);
    admin = new HttpSession(api.url);
    const onboard = await admin.post<{ csrfToken: string }>('/api/auth/onboarding', { username: 'admin', password: 'correct horse battery' });
    admin.csrfToken = onboard.body.csrfToken;
    await admin.request('PUT', '/api/settings/slskd', { json: { url: fake.url, apiKey: fake.apiKey, searchMinGapMs: 200, searchTimeoutMs: 400 } });
    const processor = new SoulseekSearchProcessor(api.app.get(SoulseekSearchService));
    workerRedis = createRedis(api.config.redisUrl, { connectionName: 'quality-profiles-int-spec-worker' });
    worker = new Worker(QueueName.Soulseek, (job) => processor.handle(job.data, job), { connection: workerRedis, prefix: api.config.redisPrefix, concurrency: 1 });
  });
  afterAll(async () => {
    await worker?.close();
    await workerRedis?.quit();
    await api?.close();
    await fake?.close();
  });

  it('mp3-only ≥ 256 kbps never picks FLAC; a banned user is never picked; the default applies without a profile', async () => {
    const baseline = await search();
    expect(baseline.profile).toBe('lossless-preferred');
    expect(baseline.acceptedCount).toBeGreaterThan(0);
    const formats = new Set(baseline.accepted.items.map((c) => ext(c.filename)));
    expect(formats.has('flac')).toBe(true);
    expect(ext(baseline.accepted.items[0].filename)).toBe('flac');

    const mp3Only = await profile({ name: 'MP3 256+', allowedFormats: ['mp3'], minBitrate: 256 });
    const lossy = await search(mp3Only);
    expect(lossy.profile).toBe(mp3Only);
    expect(lossy.acceptedCount).toBeGreaterThan(0);
    for (const c of lossy.accepted.items) {
      expect(ext(c.filename)).toBe('mp3');
      if (c.bitRate !== null) expect(c.bitRate).toBeGreaterThanOrEqual(256);
    }
    // Every FLAC the default profile accepted is now turned away for its format.
    const key = (c: { username: string; filename: string }) => `${c.username}\\${c.filename}`;
    const rejected = await admin.get<Page<SoulseekCandidate>>(`/api/soulseek/searches/${lossy.id}/candidates?accepted=false&pageSize=200`);
    expect(rejected.body.total).toBeLessThanOrEqual(200);
    const verdicts = new Map(rejected.body.items.map((c) => [key(c), c.rejectReason]));
    const acceptedFlacs = baseline.accepted.items.filter((c) => ext(c.filename) === 'flac');
    expect(acceptedFlacs.length).toBeGreaterThan(0);
    for (const c of acceptedFlacs) expect([c.filename, verdicts.get(key(c))]).toEqual([c.filename, 'format_not_allowed']);

    // Ban the peer the default profile picked first: it disappears from the accepted list.
    const top = baseline.accepted.items[0].username;
    const banned = await profile({ name: 'No top peer', allowedFormats: ['flac', 'mp3'], bannedUsers: [top] });
    const without = await search(banned);
    expect(without.accepted.items.some((c) => c.username === top)).toBe(false);
    expect(without.rejected.items.filter((c) => c.username === top).every((c) => c.rejectReason === 'blocked_user')).toBe(true);

    // The user's default applies to searches that name none.
    await admin.post(`/api/quality-profiles/${mp3Only}/default`, {});
    const byDefault = await search();
    expect(byDefault.profile).toBe(mp3Only);
    expect(byDefault.accepted.items.every((c) => ext(c.filename) === 'mp3')).toBe(true);
  });
});
