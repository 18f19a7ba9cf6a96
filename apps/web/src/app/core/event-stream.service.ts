import { computed, DestroyRef, inject, Injectable, InjectionToken, signal, type Signal } from '@angular/core';
import type { ServerEvent, ServerEventOf, ServerEventType } from '@soulspot/shared/contracts';
import { filter, type Observable, Subject } from 'rxjs';

/** The slice of the browser's EventSource this service uses, so tests can hand in a fake. */
export interface EventSourceLike {
  onopen: ((this: EventSourceLike, ev: Event) => unknown) | null;
  onerror: ((this: EventSourceLike, ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

export const EVENT_SOURCE_FACTORY = new InjectionToken<EventSourceFactory>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url, { withCredentials: true }) as unknown as EventSourceLike,
});

export const EVENTS_URL = '/api/events';

/**
 * Every event type the client understands. A Record (not an array) so adding a member to the
 * `ServerEvent` union fails to compile until it is listed here.
 */
const KNOWN_TYPES: Record<ServerEventType, true> = {
  'self-check.updated': true,
  'settings.updated': true,
  'queues.updated': true,
  'worker.heartbeat': true,
  'import.updated': true,
  'soulseek.search.updated': true,
  'sources.updated': true,
  'source.sync.updated': true,
  'spotify.connection.updated': true,
  'download.updated': true,
  'download.removed': true,
  'downloads.status': true,
};
export const SERVER_EVENT_TYPES = Object.keys(KNOWN_TYPES) as ServerEventType[];

export type StreamState = 'offline' | 'connecting' | 'live' | 'reconnecting';

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s ... capped at 30 s; attempt counts from 0. */
export function reconnectDelay(attempt: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}

function isKnownType(value: unknown): value is ServerEventType {
  return typeof value === 'string' && value in KNOWN_TYPES;
}

export function parseServerEvent(raw: string): ServerEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const candidate = data as { type?: unknown; payload?: unknown };
  if (!isKnownType(candidate.type) || candidate.payload === undefined) return null;
  return data as ServerEvent;
}

type LatestPayloads = { [K in ServerEventType]?: ServerEventOf<K>['payload'] };

/**
 * The single live connection to `/api/events`, shared by the whole app. We manage reconnects
 * ourselves instead of relying on EventSource's built-in retry because the browser gives up for good
 * on a non-200 answer (e.g. a 502 during an update) and its retry has no backoff.
 */
@Injectable({ providedIn: 'root' })
export class EventStreamService {
  private readonly createSource = inject(EVENT_SOURCE_FACTORY);
  private source: EventSourceLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private wanted = false;
  private everConnected = false;

  private readonly stateSignal = signal<StreamState>('offline');
  private readonly latestSignal = signal<LatestPayloads>({});
  private readonly eventsSubject = new Subject<ServerEvent>();
  private readonly reconnectedSubject = new Subject<void>();

  readonly state = this.stateSignal.asReadonly();
  readonly events$: Observable<ServerEvent> = this.eventsSubject.asObservable();
  /** Fires when the stream is back after a gap: pages re-fetch what they may have missed. */
  readonly reconnected$: Observable<void> = this.reconnectedSubject.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  /** Idempotent: the shell calls it after sign-in. */
  connect(): void {
    this.wanted = true;
    if (this.source || this.retryTimer) return;
    this.open();
  }

  disconnect(): void {
    this.wanted = false;
    this.everConnected = false;
    this.attempt = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.source?.close();
    this.source = null;
    this.stateSignal.set('offline');
  }

  on<T extends ServerEventType>(type: T): Observable<ServerEventOf<T>> {
    return this.eventsSubject.pipe(filter((event): event is ServerEventOf<T> => event.type === type));
  }

  /** The most recent payload of a type (null until one arrives). */
  latest<T extends ServerEventType>(type: T): Signal<ServerEventOf<T>['payload'] | null> {
    return computed(() => (this.latestSignal()[type] ?? null) as ServerEventOf<T>['payload'] | null);
  }

  private open(): void {
    this.stateSignal.set(this.everConnected || this.attempt > 0 ? 'reconnecting' : 'connecting');
    const source = this.createSource(EVENTS_URL);
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      const wasReconnect = this.everConnected;
      this.attempt = 0;
      this.everConnected = true;
      this.stateSignal.set('live');
      if (wasReconnect) this.reconnectedSubject.next();
    };
    source.onerror = () => {
      if (this.source !== source) return;
      source.close();
      this.source = null;
      this.scheduleReconnect();
    };
    const handle = (message: MessageEvent<string>) => {
      if (this.source !== source) return;
      const event = parseServerEvent(message.data);
      if (event) this.emit(event);
    };
    for (const type of SERVER_EVENT_TYPES) source.addEventListener(type, handle);
    // Servers that omit the `event:` field deliver as plain "message"; the type is in the data too.
    source.addEventListener('message', handle);
  }

  private emit(event: ServerEvent): void {
    this.latestSignal.update((latest) => ({ ...latest, [event.type]: event.payload }));
    this.eventsSubject.next(event);
  }

  private scheduleReconnect(): void {
    if (!this.wanted) return;
    this.stateSignal.set('reconnecting');
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wanted) this.open();
    }, delay);
  }
}
