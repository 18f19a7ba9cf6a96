import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EVENT_SOURCE_FACTORY, type EventSourceLike, EventStreamService } from './event-stream.service';
import { trackWorkerLiveness, WORKER_STALE_AFTER_MS } from './worker-liveness';

@Component({ selector: 'ss-host', template: '' })
class Host {
  readonly worker = trackWorkerLiveness();
}

describe('trackWorkerLiveness', () => {
  let deliver: (data: string) => void;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: (): EventSourceLike => ({
            onopen: null,
            onerror: null,
            close: () => undefined,
            addEventListener: (type, listener) => {
              if (type === 'worker.heartbeat') deliver = (data) => listener(new MessageEvent(type, { data }));
            },
          }),
        },
      ],
    });
    TestBed.inject(EventStreamService).connect();
  });

  afterEach(() => jest.useRealTimers());

  it('turns stale when heartbeats stop, and alive again when one arrives', () => {
    const { worker } = TestBed.createComponent(Host).componentInstance;
    worker.seed({ lastHeartbeatAt: '2026-01-01T00:00:00Z', alive: true, pid: 1, version: null });
    expect(worker.alive()).toBe(true);

    jest.advanceTimersByTime(WORKER_STALE_AFTER_MS + 5_000);
    expect(worker.alive()).toBe(false);

    deliver(JSON.stringify({ type: 'worker.heartbeat', payload: { at: '2026-01-01T00:01:05Z', pid: 2 } }));
    expect(worker.alive()).toBe(true);
    expect(worker.pid()).toBe(2);
    expect(worker.lastHeartbeatAt()).toBe('2026-01-01T00:01:05Z');
  });

  it('trusts the server saying the worker is down', () => {
    const { worker } = TestBed.createComponent(Host).componentInstance;
    worker.seed({ lastHeartbeatAt: null, alive: false, pid: null, version: null });
    expect(worker.alive()).toBe(false);
  });
});
