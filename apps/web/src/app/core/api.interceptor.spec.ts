import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { CSRF_HEADER } from '@soulspot/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { ApiError, UNREACHABLE_MESSAGE } from './api-error';
import { apiInterceptor } from './api.interceptor';
import { quietProbe } from './http-context';
import { NotificationService } from './notification.service';
import { SessionStore } from './session.store';

describe('apiInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let notifications: NotificationService;
  let navigate: jest.Mock;
  let routerUrl: string;

  beforeEach(() => {
    jest.useFakeTimers();
    navigate = jest.fn().mockResolvedValue(true);
    routerUrl = '/system';
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        {
          provide: Router,
          useValue: {
            navigate,
            get url() {
              return routerUrl;
            },
          },
        },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    notifications = TestBed.inject(NotificationService);
    TestBed.inject(SessionStore).set({ username: 'admin', csrfToken: 'tok-123', expiresAt: '2030-01-01T00:00:00Z' });
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  async function failWith(
    url: string,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    options: Parameters<HttpClient['get']>[1] = {},
  ): Promise<ApiError> {
    const pending = firstValueFrom(http.get(url, options)).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as ApiError,
    );
    backend.expectOne(url).flush(body, { status, statusText: 'x', headers });
    return pending;
  }

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('adds the CSRF token to %s requests', (method) => {
    http.request(method, '/api/settings/general', { body: {} }).subscribe();
    const req = backend.expectOne('/api/settings/general');
    expect(req.request.headers.get(CSRF_HEADER)).toBe('tok-123');
    req.flush({});
  });

  it('does not add the token to GET requests', () => {
    http.get('/api/system').subscribe();
    const req = backend.expectOne('/api/system');
    expect(req.request.headers.has(CSRF_HEADER)).toBe(false);
    req.flush({});
  });

  it('never sends the token to another origin', () => {
    http.post('https://example.org/api/thing', {}).subscribe();
    const req = backend.expectOne('https://example.org/api/thing');
    expect(req.request.headers.has(CSRF_HEADER)).toBe(false);
    req.flush({});
  });

  it('sends no token header before sign-in', () => {
    TestBed.inject(SessionStore).clear();
    http.post('/api/auth/login', {}).subscribe();
    const req = backend.expectOne('/api/auth/login');
    expect(req.request.headers.has(CSRF_HEADER)).toBe(false);
    req.flush({});
  });

  it('turns the error body into an ApiError and shows its message', async () => {
    const error = await failWith('/api/system', 400, {
      statusCode: 400,
      message: 'Validation failed',
      errors: ['libraryPath must be absolute'],
      correlationId: 'c-1',
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Validation failed');
    expect(error.fieldErrors).toEqual(['libraryPath must be absolute']);
    expect(error.correlationId).toBe('c-1');
    expect(notifications.notifications().map((n) => [n.kind, n.text])).toEqual([
      ['error', 'Validation failed: libraryPath must be absolute'],
    ]);
  });

  it('says the server is unreachable on a network failure', async () => {
    const pending = firstValueFrom(http.get('/api/system')).catch((e: unknown) => e as ApiError);
    backend.expectOne('/api/system').error(new ProgressEvent('error'), { status: 0 });
    const error = await pending;
    expect(error.message).toBe(UNREACHABLE_MESSAGE);
    expect(notifications.notifications()[0]?.text).toBe(UNREACHABLE_MESSAGE);
  });

  it('shows the wait time on 429', async () => {
    const error = await failWith(
      '/api/auth/api-key',
      429,
      { statusCode: 429, message: 'Too Many Requests', correlationId: 'c' },
      { 'Retry-After': '42' },
    );
    expect(error.retryAfterSeconds).toBe(42);
    expect(error.message).toBe('Too many attempts. Try again in 42 seconds.');
  });

  it('adds the correlation id to server-side failures so the log line can be found', async () => {
    await failWith('/api/system', 500, { statusCode: 500, message: 'Internal server error', correlationId: 'abc-123' });
    expect(notifications.notifications()[0]?.text).toBe('Internal server error (reference abc-123)');
  });

  it('gives a readable message for a 5xx without a JSON body', async () => {
    const error = await failWith('/api/system', 502, '<html>Bad gateway</html>');
    expect(error.message).toBe('The server had a problem (HTTP 502). Try again in a moment.');
  });

  it('clears the session and redirects to /login with the return URL on 401', async () => {
    const error = await failWith('/api/system', 401, { statusCode: 401, message: 'Unauthorized', correlationId: 'c' });
    expect(error.status).toBe(401);
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/system' } });
  });

  it('does not redirect when the login call itself answers 401', async () => {
    routerUrl = '/login';
    TestBed.inject(SessionStore).clear();
    const pending = firstValueFrom(http.post('/api/auth/login', {})).catch((e: unknown) => e as ApiError);
    backend
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, message: 'Invalid credentials', correlationId: 'c' }, { status: 401, statusText: 'x' });
    const error = await pending;
    expect(error.message).toBe('Invalid credentials');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('leaves expected 401s of quiet probes alone', async () => {
    await failWith('/api/auth/session', 401, { statusCode: 401, message: 'no', correlationId: 'c' }, {}, { context: quietProbe() });
    expect(navigate).not.toHaveBeenCalled();
    expect(notifications.notifications()).toEqual([]);
    expect(TestBed.inject(SessionStore).isAuthenticated()).toBe(true);
  });

  it('refreshes a stale CSRF token once and retries the change', async () => {
    const result = firstValueFrom(http.post('/api/system/queues/a/pause', null));
    const first = backend.expectOne('/api/system/queues/a/pause');
    expect(first.request.headers.get(CSRF_HEADER)).toBe('tok-123');
    first.flush({ statusCode: 403, message: 'Missing or wrong X-CSRF-Token header', correlationId: 'c' }, { status: 403, statusText: 'x' });

    backend.expectOne('/api/auth/session').flush({ username: 'admin', csrfToken: 'tok-456', expiresAt: '2030-01-01T00:00:00Z' });
    const retry = backend.expectOne('/api/system/queues/a/pause');
    expect(retry.request.headers.get(CSRF_HEADER)).toBe('tok-456');
    retry.flush({ done: true });

    await expect(result).resolves.toEqual({ done: true });
    expect(TestBed.inject(SessionStore).csrfToken()).toBe('tok-456');
    expect(notifications.notifications()).toEqual([]);
  });

  it('reports a 403 that survives the token refresh', async () => {
    const result = firstValueFrom(http.delete('/api/system/queues/a/jobs/1')).catch((e: unknown) => e as ApiError);
    const forbidden = { statusCode: 403, message: 'Forbidden', correlationId: 'c' };
    backend.expectOne('/api/system/queues/a/jobs/1').flush(forbidden, { status: 403, statusText: 'x' });
    backend.expectOne('/api/auth/session').flush({ username: 'admin', csrfToken: 'tok-123', expiresAt: '2030-01-01T00:00:00Z' });
    backend.expectOne('/api/system/queues/a/jobs/1').flush(forbidden, { status: 403, statusText: 'x' });

    const error = await result;
    expect(error.status).toBe(403);
    expect(notifications.notifications()[0]?.text).toBe('Forbidden');
  });

  it('does not retry a forbidden read', async () => {
    await failWith('/api/system', 403, { statusCode: 403, message: 'Forbidden', correlationId: 'c' });
    backend.expectNone('/api/auth/session');
  });
});
