import type { ListSource, ListSyncStatus } from '@soulspot/shared/contracts';
import type { BadgeTone } from '../../ui/status-badge';

export const KIND_LABELS: Record<ListSource['kind'], string> = {
  spotify_playlist: 'Spotify playlist',
  spotify_liked: 'Liked Songs',
  spotify_saved_albums: 'Saved albums',
  spotify_followed_artists: 'Followed artists',
  csv: 'CSV import',
  text: 'Text list',
  search: 'Added from search',
};

export const STATUS_LABELS: Record<ListSyncStatus, string> = {
  never: 'Never synced',
  queued: 'Queued',
  running: 'Syncing…',
  ok: 'OK',
  error: 'Failed',
  paused: 'Paused',
};

export function statusTone(status: ListSyncStatus): BadgeTone {
  if (status === 'ok') return 'ok';
  if (status === 'error') return 'error';
  if (status === 'paused') return 'warn';
  if (status === 'queued' || status === 'running') return 'pending';
  return 'neutral';
}

export function isSpotifySource(source: ListSource): boolean {
  return source.kind.startsWith('spotify_');
}
