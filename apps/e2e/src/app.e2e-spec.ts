import type { ApiKeyInfo, ReadinessResponse, ServerEvent, SessionInfo, SystemInfo } from '@soulspot/shared/contracts';
import { HttpSession, createTestDatabase } from '@soulspot/api/testing';
import { EventStream, RunningApp, startApp } from './support/app-process';

describe('SoulSpot processes end to end (built api + worker, real PostgreSQL and Redis)', () => {
  describe('with an external PostgreSQL (DATABASE_URL)', () => {
    let app: RunningApp;
    let drop: () => Promise<void>;
    let admin: HttpSession;

    beforeAll(async () => {
      const db = await createTestDatabase('e2e');
      drop = db.drop;
      app = await startApp({ databaseUrl: db.url });
      admin = new HttpSession(app.url);
    });
    afterAll(async () => {
      await app?.stop('SIGKILL');
      await drop?.();
    });

    it('is ready with database, Redis and a live worker', async () => {
      const ready = (await admin.get<ReadinessResponse>('/api/health/ready')).body;
      expect(ready.status).toBe('ok');
      expect(ready.checks.map((c) => c.name)).toEqual(['database', 'redis', 'worker']);
    });

    it('onboards, and the self-check job result reaches the client over the event stream', async () => {
      const session = await admin.post<SessionInfo>('/api/auth/onboarding', { username: 'admin', password: 'a long enough password' });
      expect(session.status).toBe(200);
      admin.csrfToken = session.body.csrfToken;
      const cookie = session.headers.getSetCookie()[0].split(';')[0];

      const stream = await EventStream.open<ServerEvent>(`${app.url}/api/events`, { cookie });
      try {
        const run = await admin.post<{ id: string }>('/api/system/self-check');
        expect(run.status).toBe(202);
        const done = await stream.waitFor((e) => e.type === 'self-check.updated' && e.payload.id === run.body.id && e.payload.status !== 'queued' && e.payload.status !== 'running');
        expect(done.type === 'self-check.updated' && done.payload.status).toBe('passed');
        await stream.waitFor((e) => e.type === 'worker.heartbeat', 15_000);
      } finally {
        stream.close();
      }
    });

    it('serves the SPA, the Swagger console and metrics', async () => {
      const index = await fetch(`${app.url}/downloads`, { headers: { accept: 'text/html' } });
      expect(index.status).toBe(200);
      expect(await index.text()).toMatch(/<ss-root|<app-root|<body/);
      expect((await fetch(`${app.url}/api/docs`)).status).toBe(200);
      const key = (await admin.get<ApiKeyInfo>('/api/auth/api-key')).body.apiKey;
      const metrics = await fetch(`${app.url}/metrics`, { headers: { 'X-Api-Key': key } });
      expect(await metrics.text()).toMatch(/soulspot_jobs_total\{queue="system",name="system-self-check",outcome="completed"\} \d+/);
      const info = (await admin.get<SystemInfo>('/api/system')).body;
      expect(info.databaseMode).toBe('external');
      expect(info.worker.alive).toBe(true);
    });

    it('shuts down gracefully on SIGTERM, even with a browser stream open', async () => {
      const session = await admin.get('/api/auth/session');
      expect(session.status).toBe(200);
      const login = await new HttpSession(app.url).post<SessionInfo>('/api/auth/login', { username: 'admin', password: 'a long enough password' });
      const stream = await EventStream.open<ServerEvent>(`${app.url}/api/events`, { cookie: login.headers.getSetCookie()[0].split(';')[0] });
      const t0 = Date.now();
      const code = await app.stop('SIGTERM');
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(app.output()).toMatch(/shutting down/);
      stream.close();
    });
  });

  describe('on a fresh machine without DATABASE_URL (embedded PostgreSQL)', () => {
    it('starts its own PostgreSQL, migrates it and keeps data across restarts', async () => {
      const first = await startApp({ readyTimeoutMs: 90_000 });
      try {
        const admin = new HttpSession(first.url);
        expect((await admin.post('/api/auth/onboarding', { username: 'admin', password: 'a long enough password' })).status).toBe(200);
        expect((await admin.get<SystemInfo>('/api/system')).body.databaseMode).toBe('embedded');
        expect(await first.stop('SIGTERM')).toBe(0);

        const second = await startApp({ readyTimeoutMs: 90_000, env: { DATA_DIR: first.dataDir, REDIS_PREFIX: `sse2e_restart_${Date.now()}` } });
        try {
          expect((await new HttpSession(second.url).get('/api/auth/onboarding')).body).toEqual({ needsOnboarding: false });
        } finally {
          expect(await second.stop('SIGTERM')).toBe(0);
        }
      } finally {
        await first.stop('SIGKILL');
      }
    });

    it('explains a configuration mistake in one message and exits', async () => {
      await expect(startApp({ env: { PORT: 'not-a-port' }, readyTimeoutMs: 20_000 })).rejects.toThrow(/PORT must be an integer/);
    });
  });
});
