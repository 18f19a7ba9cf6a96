import type { ListTrack } from '../../sources/list-track';
import type { WireEpisode, WirePlaylistTrack, WireSimplifiedAlbum, WireSimplifiedTrack, WireTrack } from '../spotify.wire';

export type SkipReason = 'local' | 'episode' | 'unavailable';

export interface SkippedCounts {
  local: number;
  episode: number;
  unavailable: number;
}

export function emptySkipped(): SkippedCounts {
  return { local: 0, episode: 0, unavailable: 0 };
}

export function mapTrack(track: WireTrack | WireSimplifiedTrack, position: number, extra: { addedAt?: string | null; album?: WireSimplifiedAlbum } = {}): ListTrack {
  const album = 'album' in track && track.album ? track.album : extra.album;
  const isrc = 'external_ids' in track ? track.external_ids?.isrc : undefined;
  const out: ListTrack = {
    title: track.name,
    artists: track.artists.map((a) => a.name).filter((n) => n.length > 0),
    position,
  };
  if (track.id) out.spotifyId = track.id;
  if (isrc) out.isrc = isrc.toUpperCase();
  if (album?.name) out.album = album.name;
  if (album?.artists?.[0]?.name) out.albumArtist = album.artists[0].name;
  if (track.duration_ms > 0) out.durationMs = track.duration_ms;
  if (track.track_number > 0) out.trackNumber = track.track_number;
  if (track.disc_number > 0) out.discNumber = track.disc_number;
  if (typeof track.explicit === 'boolean') out.explicit = track.explicit;
  if (extra.addedAt) out.addedAt = extra.addedAt;
  return out;
}

/**
 * A playlist entry becomes a ListTrack, or a skip reason: unavailable tracks (`item: null`),
 * local files (no Spotify id, nothing to match on Spotify's side) and podcast episodes.
 */
export function mapPlaylistEntry(entry: WirePlaylistTrack, position: number): ListTrack | SkipReason {
  const item: WireTrack | WireEpisode | null | undefined = entry.item !== undefined ? entry.item : entry.track;
  if (!item) return 'unavailable';
  if (item.type === 'episode') return 'episode';
  if (entry.is_local || item.is_local || !item.id || item.uri.startsWith('spotify:local:')) return 'local';
  return mapTrack(item, position, { addedAt: entry.added_at });
}
