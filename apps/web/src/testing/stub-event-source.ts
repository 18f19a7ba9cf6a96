import type { ServerEvent } from '@soulspot/shared/contracts';
import type { EventSourceLike } from '../app/core/event-stream.service';

/** An EventSource stand-in for page specs: `send()` delivers a server event as the real stream would. */
export class StubSource implements EventSourceLike {
  onopen: EventSourceLike['onopen'] = null;
  onerror: EventSourceLike['onerror'] = null;
  private readonly listeners = new Map<string, (event: MessageEvent<string>) => void>();
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, listener);
  }
  close(): void {
    this.listeners.clear();
  }
  send(event: ServerEvent): void {
    this.listeners.get(event.type)?.(new MessageEvent(event.type, { data: JSON.stringify(event) }));
  }
}
