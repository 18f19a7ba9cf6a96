import type { Download, ListSource, ListSyncStatus } from '@soulspot/shared/contracts';
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

/**
 * Spotify answers 404 for playlists Spotify itself makes (editorial ones like "Today's Top Hits",
 * algorithmic ones like Discover Weekly, Daily Mix, Release Radar) to apps created since November 2024.
 * The sync records "not found"; this turns it into what the user can do about it.
 */
export function unreadableSpotifyPlaylistHint(source: ListSource): string | null {
  if (source.kind !== 'spotify_playlist' || source.lastSyncStatus !== 'error' || !/^not found/i.test(source.lastSyncMessage ?? '')) return null;
  return (
    'Spotify does not let apps read this playlist. Playlists made by Spotify (editorial ones like "Today\'s Top Hits", ' +
    'and personal mixes like Discover Weekly, Daily Mix or Release Radar) answer "not found" to apps created since November 2024. ' +
    'Save its tracks into a playlist you own and add that one, or export it as CSV (e.g. with Exportify) and import the file.'
  );
}

/** What the download engine is doing for a missing track, in a few words ("Downloading 42 %"). */
export function downloadProgressLabel(d: Download): string {
  switch (d.state) {
    case 'wanted':
      return d.nextAttemptAt ? 'Waiting to retry' : 'Queued for download';
    case 'searching':
      return 'Searching Soulseek';
    case 'queued':
      return d.placeInQueue ? `In ${d.username ?? 'peer'}'s queue (#${d.placeInQueue})` : 'Requested';
    case 'downloading':
      return `Downloading ${Math.round(d.percent)} %`;
    case 'verifying':
      return 'Verifying';
    case 'done':
      return 'Downloaded, importing';
    case 'failed':
      return `Download failed${d.failureReason ? ` (${d.failureReason.replace(/_/g, ' ')})` : ''}`;
    case 'paused':
      return 'Download paused';
    case 'cancelled':
      return 'Download cancelled';
  }
}

export function downloadProgressTone(d: Download): BadgeTone {
  if (d.state === 'failed') return 'error';
  if (d.state === 'paused' || d.state === 'cancelled') return 'warn';
  return 'pending';
}
