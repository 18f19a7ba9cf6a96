import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Observable, Subject, filter } from 'rxjs';
import type { ServerEvent, ServerEventOf, ServerEventType } from '@soulspot/shared/contracts';

/**
 * Typed events across processes: the worker publishes, the api fans them out to SSE clients.
 * Redis pub/sub is fire-and-forget, which suits live UI updates; durable state lives in Postgres.
 */
@Injectable()
export class EventBus implements OnModuleDestroy {
  private readonly logger = new Logger(EventBus.name);
  private readonly subject = new Subject<ServerEvent>();
  private subscribed = false;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriberFactory: () => Redis,
    private readonly channel: string,
  ) {}

  private subscriber?: Redis;

  async publish(event: ServerEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  /** All events, in this process. Subscribes to Redis lazily on first use. */
  stream(): Observable<ServerEvent> {
    this.ensureSubscribed();
    return this.subject.asObservable();
  }

  on<T extends ServerEventType>(type: T): Observable<ServerEventOf<T>> {
    return this.stream().pipe(filter((e): e is ServerEventOf<T> => e.type === type));
  }

  private ensureSubscribed(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    const sub = this.subscriberFactory();
    this.subscriber = sub;
    sub.on('message', (_channel: string, message: string) => {
      try {
        this.subject.next(JSON.parse(message) as ServerEvent);
      } catch (e) {
        this.logger.warn(`dropped malformed event: ${(e as Error).message}`);
      }
    });
    sub.subscribe(this.channel).catch((e: Error) => this.logger.error(`event subscription failed: ${e.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    this.subject.complete();
    if (this.subscriber) this.subscriber.disconnect();
  }
}
