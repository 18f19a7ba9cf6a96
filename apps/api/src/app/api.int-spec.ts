import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { API_KEY_HEADER, ApiErrorBody, ApiKeyInfo, GeneralSettings, SESSION_COOKIE, SessionInfo } from '@soulspot/shared/contracts';
import { HttpSession } from '@soulspot/api/testing';
import { startTestApi, TestApi } from '../testing/test-api';

interface RouteInfo {
  method: string;
  path: string;
}

/** Every route the Express router knows, read from the running app (not a hand-kept list). */
function registeredRoutes(api: TestApi): RouteInfo[] {
  const express = api.app.getHttpAdapter().getInstance() as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } };
  const routes: RouteInfo[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: layer.route.path });
    }
  }
  return routes;
}

const PUBLIC = new Set(['GET /api/health/live', 'GET /api/health/ready', 'GET /api/auth/onboarding', 'POST /api/auth/onboarding', 'POST /api/auth/login']);
const concrete = (path: string) => path.replace(/:name/g, 'system').replace(/:(\w+)/g, 'x1');

describe('api (real PostgreSQL + Redis)', () => {
  let api: TestApi;
  let admin: HttpSession;
  const password = 'correct horse battery';

  beforeAll(async () => {
    api = await startTestApi('api');
    admin = new HttpSession(api.url);
  });
  afterAll(async () => {
    const t0 = Date.now();
    await api?.close();
    if (Date.now() - t0 > 5000) console.warn(`closing the api took ${Date.now() - t0} ms`);
  });

  it('starts with onboarding and creates exactly one admin', async () => {
    const anon = new HttpSession(api.url);
    expect((await anon.get('/api/auth/onboarding')).body).toEqual({ needsOnboarding: true });

    const weak = await anon.post<ApiErrorBody>('/api/auth/onboarding', { username: 'admin', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors?.join()).toMatch(/password must be longer/);

    const res = await admin.post<SessionInfo>('/api/auth/onboarding', { username: 'Admin', password });
    expect(res.status).toBe(200);
    expect(res.body.username).toBe('admin');
    expect(admin.hasCookie(SESSION_COOKIE)).toBe(true);
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    admin.csrfToken = res.body.csrfToken;

    expect((await anon.get('/api/auth/onboarding')).body).toEqual({ needsOnboarding: false });
    const second = await anon.post<ApiErrorBody>('/api/auth/onboarding', { username: 'mallory', password: 'another long password' });
    expect(second.status).toBe(409);
    const count = await api.app.get<DataSource>(getDataSourceToken()).query('SELECT count(*)::int AS n FROM users');
    expect(count[0].n).toBe(1);
  });

  it('answers 401 with the error shape on every non-public route without credentials', async () => {
    const routes = registeredRoutes(api);
    expect(routes.length).toBeGreaterThan(15);
    const anon = new HttpSession(api.url);
    const checked: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (PUBLIC.has(key) || !r.path.startsWith('/api') && r.path !== '/metrics') continue;
      if (r.path.startsWith('/api/docs') || r.path === '/api/openapi.json' || r.path.startsWith('/api/openapi')) continue;
      const res = await anon.request<ApiErrorBody>(r.method, concrete(r.path), { json: r.method === 'GET' ? undefined : {} });
      expect({ key, status: res.status }).toEqual({ key, status: 401 });
      expect(res.body.correlationId).toBeTruthy();
      checked.push(key);
    }
    expect(checked).toEqual(expect.arrayContaining(['GET /api/system', 'POST /api/system/self-check', 'PATCH /api/settings/general', 'GET /api/events', 'GET /metrics']));
  });

  it('requires the CSRF token for cookie-authenticated state changes, not for reads or API keys', async () => {
    const noCsrf = await admin.post<ApiErrorBody>('/api/system/self-check', undefined, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.message).toMatch(/CSRF/);
    const wrong = await admin.request('POST', '/api/system/self-check', { headers: { 'X-CSRF-Token': 'forged' }, csrf: false });
    expect(wrong.status).toBe(403);
    expect((await admin.get('/api/system')).status).toBe(200);
    expect((await admin.post('/api/system/self-check')).status).toBe(202);
  });

  it('serves the API key, accepts it without CSRF, and invalidates it on regeneration', async () => {
    const key = (await admin.get<ApiKeyInfo>('/api/auth/api-key')).body.apiKey;
    expect(key).toMatch(/^ss_/);
    const script = new HttpSession(api.url);
    script.apiKey = key;
    expect((await script.patch<GeneralSettings>('/api/settings/general', { instanceName: 'Home' })).status).toBe(200);
    expect((await script.get('/metrics')).text).toMatch(/soulspot_http_request_duration_seconds/);

    const fresh = (await admin.post<ApiKeyInfo>('/api/auth/api-key')).body.apiKey;
    expect(fresh).not.toBe(key);
    expect((await script.get('/api/system')).status).toBe(401);
    script.apiKey = fresh;
    expect((await script.get('/api/system')).status).toBe(200);
    // The database holds neither the key nor anything that reveals it.
    const rows = await api.app.get<DataSource>(getDataSourceToken()).query('SELECT key_hash, key_sealed FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(fresh);
  });

  it('keeps /metrics behind the API key even for a logged-in browser', async () => {
    expect((await admin.get('/metrics')).status).toBe(401);
  });

  it('rejects wrong passwords and rate limits repeated failures with Retry-After', async () => {
    const attacker = new HttpSession(api.url);
    // A made-up username gets the same answer as a real one (no user enumeration) and is throttled too.
    for (let i = 0; i < 5; i++) {
      expect((await attacker.post('/api/auth/login', { username: 'ghost', password: `guess-${i}` })).status).toBe(401);
    }
    const blocked = await attacker.post<ApiErrorBody>('/api/auth/login', { username: 'ghost', password: 'guess-6' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('validates settings and reports every problem', async () => {
    const bad = await admin.patch<ApiErrorBody>('/api/settings/general', { logLevel: 'loud', libraryPath: '../etc', extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toHaveLength(3);
    const ok = await admin.patch<GeneralSettings>('/api/settings/general', { libraryPath: '/music' });
    expect(ok.body).toMatchObject({ libraryPath: '/music', instanceName: 'Home' });
    expect((await admin.get<GeneralSettings>('/api/settings/general')).body.libraryPath).toBe('/music');
  });

  it('answers malformed bodies on every route that takes one with a 4xx error body, never a 500', async () => {
    const routes = registeredRoutes(api).filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method) && r.path.startsWith('/api'));
    expect(routes.length).toBeGreaterThan(5);
    // A separate session, because some of these routes (logout, key regeneration) act even on an empty body.
    const fuzz = new HttpSession(api.url);
    fuzz.csrfToken = (await fuzz.post<SessionInfo>('/api/auth/login', { username: 'admin', password })).body.csrfToken;
    const bodies = ['{not json', '[]', '"string"', '{"username": {"$gt": ""}, "password": 5}', JSON.stringify({ a: 'x'.repeat(2_000_000) })];
    for (const r of routes) {
      for (const body of bodies) {
        const res = await fuzz.request<ApiErrorBody>(r.method, concrete(r.path), { body, headers: { 'content-type': 'application/json' } });
        const label = `${r.method} ${r.path} ← ${body.slice(0, 20)}`;
        expect({ label, ok: res.status < 500 }).toEqual({ label, ok: true });
        if (res.status >= 400) {
          expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String), correlationId: expect.any(String) });
        }
      }
    }
    // ~50 routes × 5 bodies, one of them 2 MB each time: seconds on a quiet machine, more under CI load.
  }, 90_000);

  it('changes the password and signs out other sessions', async () => {
    const other = new HttpSession(api.url);
    const login = await other.post<SessionInfo>('/api/auth/login', { username: 'ADMIN', password });
    expect(login.status).toBe(200);
    expect((await other.get('/api/auth/session')).status).toBe(200);
    const wrong = await admin.post<ApiErrorBody>('/api/auth/password', { currentPassword: 'nope', newPassword: 'a brand new password' });
    expect(wrong.status).toBe(400);
    const changed = await admin.post('/api/auth/password', { currentPassword: password, newPassword: 'a brand new password' });
    expect(changed.status).toBe(204);
    expect((await admin.get('/api/auth/session')).status).toBe(200);
    expect((await other.get('/api/auth/session')).status).toBe(401);
    const newLogin = await new HttpSession(api.url).post('/api/auth/login', { username: 'admin', password: 'a brand new password' });
    expect(newLogin.status).toBe(200);
  });

  it('logs out and the cookie stops working', async () => {
    expect((await admin.post('/api/auth/logout')).status).toBe(204);
    expect((await admin.get('/api/auth/session')).status).toBe(401);
  });

  it('sends security headers and keeps CORS closed', async () => {
    const res = await fetch(`${api.url}/api/health/live`, { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
    expect(API_KEY_HEADER).toBe('X-Api-Key');
  });
});
