import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { QueueCounts, SelfCheckRun, ServerEvent } from '@soulspot/shared/contracts';
import {
  EVENT_SOURCE_FACTORY,
  EVENTS_URL,
  type EventSourceLike,
  EventStreamService,
  parseServerEvent,
  reconnectDelay,
} from './event-stream.service';

/** Behaves like the browser's EventSource as far as this service can observe it. */
class FakeEventSource implements EventSourceLike {
  onopen: EventSourceLike['onopen'] = null;
  onerror: EventSourceLike['onerror'] = null;
  closed = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.onopen?.call(this, new Event('open'));
  }

  fail(): void {
    this.onerror?.call(this, new Event('error'));
  }

  /** What the browser does for `event: <type>\ndata: <data>\n\n`. */
  deliver(type: string, data: string): void {
    const event = new MessageEvent<string>(type, { data });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  send(event: ServerEvent): void {
    this.deliver(event.type, JSON.stringify(event));
  }
}

const queues: QueueCounts[] = [{ name: 'self-check', paused: false, waiting: 2, active: 1, delayed: 0, failed: 3, completed: 9 }];
const run: SelfCheckRun = {
  id: 'r1',
  status: 'running',
  requestedAt: '2026-01-01T00:00:00Z',
  startedAt: '2026-01-01T00:00:01Z',
  finishedAt: null,
  steps: [{ name: 'database', ok: true, detail: 'select 1', durationMs: 3 }],
};

describe('EventStreamService', () => {
  let sources: FakeEventSource[];
  let service: EventStreamService;
  const latestSource = () => {
    const source = sources[sources.length - 1];
    if (!source) throw new Error('no EventSource was created');
    return source;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    sources = [];
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: (url: string) => {
            const source = new FakeEventSource(url);
            sources.push(source);
            return source;
          },
        },
      ],
    });
    service = TestBed.inject(EventStreamService);
  });

  afterEach(() => jest.useRealTimers());

  it('opens one connection no matter how often connect() is called', () => {
    service.connect();
    service.connect();
    expect(sources).toHaveLength(1);
    expect(latestSource().url).toBe(EVENTS_URL);
    expect(service.state()).toBe('connecting');
    latestSource().open();
    expect(service.state()).toBe('live');
  });

  it('parses events into typed streams and latest-value signals', () => {
    const received: QueueCounts[][] = [];
    service.on('queues.updated').subscribe((event) => received.push(event.payload));
    const selfCheck = service.latest('self-check.updated');
    service.connect();
    latestSource().open();

    latestSource().send({ type: 'queues.updated', payload: queues });
    latestSource().send({ type: 'self-check.updated', payload: run });

    expect(received).toEqual([queues]);
    expect(selfCheck()).toEqual(run);
    expect(service.latest('worker.heartbeat')()).toBeNull();
  });

  it('accepts events sent without an event: name', () => {
    const seen: string[] = [];
    service.events$.subscribe((event) => seen.push(event.type));
    service.connect();
    latestSource().deliver('message', JSON.stringify({ type: 'worker.heartbeat', payload: { at: 'now', pid: 7 } }));
    expect(seen).toEqual(['worker.heartbeat']);
  });

  it('ignores malformed and unknown events instead of breaking the stream', () => {
    const seen: string[] = [];
    service.events$.subscribe((event) => seen.push(event.type));
    service.connect();
    latestSource().deliver('queues.updated', '{not json');
    latestSource().deliver('message', JSON.stringify({ type: 'something.else', payload: {} }));
    latestSource().deliver('queues.updated', JSON.stringify({ type: 'queues.updated' }));
    latestSource().send({ type: 'queues.updated', payload: queues });
    expect(seen).toEqual(['queues.updated']);
  });

  it('reconnects with growing delays and resets them once connected', () => {
    service.connect();
    latestSource().open();
    latestSource().fail();
    expect(sources[0]?.closed).toBe(true);
    expect(service.state()).toBe('reconnecting');

    jest.advanceTimersByTime(999);
    expect(sources).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);

    latestSource().fail();
    jest.advanceTimersByTime(1_999);
    expect(sources).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);

    latestSource().open();
    expect(service.state()).toBe('live');
    latestSource().fail();
    jest.advanceTimersByTime(1_000);
    expect(sources).toHaveLength(4);
  });

  it('announces a reconnect so pages can re-fetch what they missed', () => {
    const reconnects = jest.fn();
    service.reconnected$.subscribe(reconnects);
    service.connect();
    latestSource().open();
    expect(reconnects).not.toHaveBeenCalled();
    latestSource().fail();
    jest.advanceTimersByTime(1_000);
    latestSource().open();
    expect(reconnects).toHaveBeenCalledTimes(1);
  });

  it('ignores events from a connection it already dropped', () => {
    const seen: string[] = [];
    service.events$.subscribe((event) => seen.push(event.type));
    service.connect();
    const old = latestSource();
    old.fail();
    old.send({ type: 'queues.updated', payload: queues });
    expect(seen).toEqual([]);
  });

  it('stops reconnecting after disconnect()', () => {
    service.connect();
    latestSource().fail();
    service.disconnect();
    jest.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
    expect(service.state()).toBe('offline');
  });

  it('caps the backoff at 30 seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('parseServerEvent rejects payload-less or non-object data', () => {
    expect(parseServerEvent('null')).toBeNull();
    expect(parseServerEvent('"queues.updated"')).toBeNull();
    expect(parseServerEvent(JSON.stringify({ type: 'queues.updated', payload: [] }))).toEqual({
      type: 'queues.updated',
      payload: [],
    });
  });
});
