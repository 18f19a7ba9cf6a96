import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SelfCheckRun, ServerEvent, SystemInfo } from '@soulspot/shared/contracts';
import { apiInterceptor } from '../../core/api.interceptor';
import { EVENT_SOURCE_FACTORY, type EventSourceLike, EventStreamService } from '../../core/event-stream.service';
import { queueStatus } from '../../../testing/download-fixtures';
import { DashboardPage } from './dashboard.page';

const older: SelfCheckRun = {
  id: 'old',
  status: 'failed',
  requestedAt: '2026-01-01T08:00:00Z',
  startedAt: '2026-01-01T08:00:01Z',
  finishedAt: '2026-01-01T08:00:02Z',
  steps: [
    { name: 'database', ok: true, detail: '', durationMs: 1 },
    { name: 'disk', ok: false, detail: 'full', durationMs: 1 },
  ],
};

const system: SystemInfo = {
  version: '0.1.0',
  nodeVersion: 'v20',
  postgresVersion: null,
  redisVersion: null,
  databaseMode: 'embedded',
  uptimeSeconds: 1,
  worker: { lastHeartbeatAt: null, alive: false, pid: null, version: null },
  queues: [
    { name: 'a', paused: false, waiting: 2, active: 1, delayed: 0, failed: 0, completed: 0 },
    { name: 'b', paused: false, waiting: 3, active: 0, delayed: 0, failed: 4, completed: 0 },
  ],
};

describe('DashboardPage', () => {
  let fixture: ComponentFixture<DashboardPage>;
  let backend: HttpTestingController;
  let send: (event: ServerEvent) => void;
  let root: HTMLElement;
  const byTestId = (id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  beforeEach(async () => {
    const listeners = new Map<string, (event: MessageEvent<string>) => void>();
    send = (event) => listeners.get(event.type)?.(new MessageEvent(event.type, { data: JSON.stringify(event) }));
    TestBed.configureTestingModule({
      imports: [DashboardPage],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: (): EventSourceLike => ({
            onopen: null,
            onerror: null,
            close: () => undefined,
            addEventListener: (type, listener) => listeners.set(type, listener),
          }),
        },
      ],
    });
    TestBed.inject(EventStreamService).connect();
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardPage);
    root = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    backend.expectOne('/api/health/ready').flush({ status: 'ok', checks: [{ name: 'database', status: 'ok' }] });
    backend.expectOne('/api/system').flush(system);
    backend.expectOne('/api/system/self-check').flush([older]);
    backend.expectOne('/api/downloads/status').flush(queueStatus({ counts: { searching: 1, downloading: 2, wanted: 7, paused: 1, failed: 9 }, today: { done: 4, failed: 2 } }));
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('summarises health, worker and queue totals', () => {
    expect(byTestId('readiness-status')?.dataset['status']).toBe('ok');
    expect(byTestId('dashboard-worker-status')?.dataset['status']).toBe('stale');
    expect(byTestId('dashboard-waiting')?.textContent?.trim()).toBe('5');
    expect(byTestId('dashboard-failed')?.textContent?.trim()).toBe('4');
  });

  it('shows the latest self-check and replaces it when a newer run reports in', async () => {
    expect(byTestId('self-check-status')?.dataset['status']).toBe('failed');
    expect(byTestId('dashboard-self-check-summary')?.textContent).toContain('1 of 2 steps passed');

    send({
      type: 'self-check.updated',
      payload: { ...older, id: 'new', status: 'passed', requestedAt: '2026-01-01T09:00:00Z', steps: [{ name: 'database', ok: true, detail: '', durationMs: 1 }] },
    });
    await fixture.whenStable();
    expect(byTestId('self-check-status')?.dataset['status']).toBe('passed');
    expect(byTestId('dashboard-self-check-summary')?.textContent).toContain('1 of 1 steps passed');
  });

  it('shows download tiles (active, queued, failed today) linking to the filtered Downloads page, live', async () => {
    expect(byTestId('tile-active-count')?.textContent).toBe('3');
    expect(byTestId('tile-queued-count')?.textContent).toBe('8');
    expect(byTestId('tile-failed-count')?.textContent).toBe('2');
    expect(byTestId('tile-active')?.getAttribute('href')).toBe('/downloads?state=active');
    expect(byTestId('tile-queued')?.getAttribute('href')).toBe('/downloads?state=queued');
    expect(byTestId('tile-failed')?.getAttribute('href')).toBe('/downloads?state=failed');

    send({ type: 'downloads.status', payload: queueStatus({ paused: true, counts: { downloading: 1 }, today: { done: 5, failed: 3 } }) });
    await fixture.whenStable();
    expect(byTestId('tile-active-count')?.textContent).toBe('1');
    expect(byTestId('tile-queued-count')?.textContent).toBe('0');
    expect(byTestId('tile-failed-count')?.textContent).toBe('3');
    expect(byTestId('dashboard-downloads')?.textContent).toContain('Queue paused');
  });
});
