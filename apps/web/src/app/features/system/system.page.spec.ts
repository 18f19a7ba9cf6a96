import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { QueueCounts, ReadinessResponse, SelfCheckRun, SystemInfo } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, EventStreamService } from '../../core/event-stream.service';
import { StubSource } from '../../../testing/stub-event-source';
import { SystemPage } from './system.page';

const counts = (name: string, failed: number, paused = false): QueueCounts => ({
  name,
  paused,
  waiting: 1,
  active: 0,
  delayed: 0,
  failed,
  completed: 5,
});

const readiness: ReadinessResponse = {
  status: 'error',
  checks: [
    { name: 'database', status: 'ok', latencyMs: 2 },
    { name: 'redis', status: 'error', detail: 'connect ECONNREFUSED 127.0.0.1:6379' },
    { name: 'worker', status: 'ok' },
  ],
};

const system: SystemInfo = {
  version: '0.1.0',
  nodeVersion: 'v20.20.2',
  postgresVersion: '15.8',
  redisVersion: null,
  databaseMode: 'external',
  uptimeSeconds: 7200,
  worker: { lastHeartbeatAt: '2026-01-01T10:00:00Z', alive: true, pid: 42, version: '0.1.0' },
  queues: [counts('self-check', 0), counts('library-scan', 2, true)],
};

describe('SystemPage', () => {
  let fixture: ComponentFixture<SystemPage>;
  let backend: HttpTestingController;
  let source: StubSource;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    source = new StubSource();
    TestBed.configureTestingModule({
      imports: [SystemPage],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: () => source },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    // The shell opens the stream in the real app.
    TestBed.inject(EventStreamService).connect();
    fixture = TestBed.createComponent(SystemPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  /** Answers the page's initial requests; `ready` comes back 503 like a real not-ready server. */
  async function answerInitialRequests(selfChecks: SelfCheckRun[] = []): Promise<TestRequest> {
    backend
      .expectOne('/api/health/ready')
      .flush(readiness, { status: 503, statusText: 'Service Unavailable' });
    backend.expectOne('/api/system').flush(system);
    backend.expectOne('/api/system/self-check').flush(selfChecks);
    await fixture.whenStable();
    // The queues section loads the first queue's failed jobs once it knows the queues.
    return backend.expectOne((req) => req.url === '/api/system/queues/self-check/jobs');
  }

  it('renders each readiness check with its status and detail, even from a 503', async () => {
    (await answerInitialRequests()).flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();

    expect(byTestId('readiness-status')?.dataset['status']).toBe('error');
    expect(byTestId('readiness-status')?.textContent).toContain('Not ready');
    expect(byTestId('check-status-database')?.dataset['status']).toBe('ok');
    expect(byTestId('check-status-redis')?.dataset['status']).toBe('error');
    expect(byTestId('check-detail-redis')?.textContent).toContain('ECONNREFUSED');
    expect(byTestId('readiness-error')).toBeNull();
  });

  it('shows versions and the worker as alive', async () => {
    (await answerInitialRequests()).flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();

    expect(byTestId('version-app')?.textContent).toContain('0.1.0');
    expect(byTestId('version-postgres')?.textContent).toContain('15.8');
    expect(byTestId('version-redis')?.textContent).toContain('unknown');
    expect(byTestId('worker-status')?.dataset['status']).toBe('alive');
  });

  it('updates the queue counts table from queues.updated events', async () => {
    (await answerInitialRequests()).flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();
    expect(byTestId('queue-library-scan-failed')?.textContent?.trim()).toBe('2');
    expect(byTestId('queue-library-scan-status')?.textContent).toContain('Paused');

    source.send({ type: 'queues.updated', payload: [counts('self-check', 0), counts('library-scan', 7)] });
    await fixture.whenStable();

    expect(byTestId('queue-library-scan-failed')?.textContent?.trim()).toBe('7');
    expect(byTestId('queue-library-scan-status')?.textContent).toContain('Running');
  });

  it('lists failed jobs and retries one', async () => {
    const jobs = await answerInitialRequests();
    expect(jobs.request.params.get('state')).toBe('failed');
    jobs.flush({
      items: [
        {
          id: '17',
          name: 'self-check',
          state: 'failed',
          attemptsMade: 3,
          createdAt: '2026-01-01T00:00:00Z',
          processedAt: null,
          finishedAt: null,
          failedReason: 'disk full',
          data: {},
        },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    await fixture.whenStable();
    expect(byTestId('job-row-17')?.textContent).toContain('disk full');

    byTestId('job-retry-17')?.click();
    const retry = backend.expectOne('/api/system/queues/self-check/jobs/17/retry');
    expect(retry.request.method).toBe('POST');
    retry.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    backend.expectOne('/api/system/queues').flush([counts('self-check', 0), counts('library-scan', 2, true)]);
    backend
      .expectOne((req) => req.url === '/api/system/queues/self-check/jobs')
      .flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();
    expect(byTestId('job-row-17')).toBeNull();
    expect(byTestId('jobs-empty')?.textContent).toContain('No failed jobs');
  });

  it('follows a self-check run live from self-check.updated events', async () => {
    (await answerInitialRequests()).flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();
    expect(byTestId('self-check-none')).not.toBeNull();

    byTestId('self-check-run')?.click();
    const queued: SelfCheckRun = {
      id: 'run-1',
      status: 'queued',
      requestedAt: '2026-01-01T10:00:00Z',
      startedAt: null,
      finishedAt: null,
      steps: [],
    };
    backend.expectOne('/api/system/self-check').flush(queued, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();
    expect(byTestId('self-check-status')?.dataset['status']).toBe('queued');
    expect((byTestId('self-check-run') as HTMLButtonElement).disabled).toBe(true);

    source.send({
      type: 'self-check.updated',
      payload: {
        ...queued,
        status: 'failed',
        finishedAt: '2026-01-01T10:00:02Z',
        steps: [
          { name: 'database', ok: true, detail: 'select 1', durationMs: 4 },
          { name: 'disk', ok: false, detail: 'only 12 MB free', durationMs: 1 },
        ],
      },
    });
    await fixture.whenStable();

    expect(byTestId('self-check-status')?.dataset['status']).toBe('failed');
    expect(byTestId('self-check-step-disk')?.textContent).toContain('only 12 MB free');
    expect(byTestId('self-check-step-database')?.dataset['ok']).toBe('true');
    expect((byTestId('self-check-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('pauses the selected queue and shows it paused once the counts come back', async () => {
    (await answerInitialRequests()).flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();
    expect(byTestId('queue-resume')).toBeNull();

    byTestId('queue-pause')?.click();
    const pause = backend.expectOne('/api/system/queues/self-check/pause');
    expect(pause.request.method).toBe('POST');
    pause.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    backend.expectOne('/api/system/queues').flush([counts('self-check', 0, true), counts('library-scan', 2, true)]);
    backend
      .expectOne((req) => req.url === '/api/system/queues/self-check/jobs')
      .flush({ items: [], total: 0, page: 1, pageSize: 20 });
    await fixture.whenStable();

    expect(byTestId('queue-paused-state')?.textContent).toContain('Paused');
    expect(byTestId('queue-resume')).not.toBeNull();
    expect(byTestId('queue-self-check-status')?.textContent).toContain('Paused');
  });

  it('pages through jobs on the server', async () => {
    const failedJob = (id: string) => ({
      id,
      name: 'self-check',
      state: 'failed' as const,
      attemptsMade: 1,
      createdAt: '2026-01-01T00:00:00Z',
      processedAt: null,
      finishedAt: null,
      failedReason: 'x',
      data: {},
    });
    (await answerInitialRequests()).flush({ items: [failedJob('1')], total: 45, page: 1, pageSize: 20 });
    await fixture.whenStable();
    expect(byTestId('pager-label')?.textContent).toContain('Page 1 of 3');

    byTestId('pager-next')?.click();
    await fixture.whenStable();
    const next = backend.expectOne((req) => req.url === '/api/system/queues/self-check/jobs');
    expect(next.request.params.get('page')).toBe('2');
    next.flush({ items: [failedJob('21')], total: 45, page: 2, pageSize: 20 });
    await fixture.whenStable();
    expect(byTestId('job-row-21')).not.toBeNull();
    expect(byTestId('pager-label')?.textContent).toContain('Page 2 of 3');
  });
});
