import type { ImportServerEvent, LibraryServerEvent } from './library';
import type { DownloadServerEvent } from './downloads';
import type { SoulseekServerEvent } from './soulseek';
import type { SpotifyServerEvent } from './spotify';
import type { QueueCounts, SelfCheckRun } from './system';

/**
 * Everything the live stream (`GET /api/events`, server-sent events) can carry. The SSE `event:` field
 * is the `type`, `data:` is the JSON of the whole event. Later features add members to this union.
 */
export type ServerEvent =
  | { type: 'self-check.updated'; payload: SelfCheckRun }
  | { type: 'settings.updated'; payload: { section: string } }
  | { type: 'queues.updated'; payload: QueueCounts[] }
  | { type: 'worker.heartbeat'; payload: { at: string; pid: number } }
  | SpotifyServerEvent
  | SoulseekServerEvent
  | LibraryServerEvent
  | ImportServerEvent
  | DownloadServerEvent;

export type ServerEventType = ServerEvent['type'];
export type ServerEventOf<T extends ServerEventType> = Extract<ServerEvent, { type: T }>;
