import type { WantedTrackInput } from '@soulspot/api/library';
import { normaliseForDedupe } from '../sources/list-dedupe';
import type { ListTrack } from '../sources/list-track';

/** A parsed/fetched list entry as the library stores it, with its identity keys. */
export function toWantedTrackInput(t: ListTrack): WantedTrackInput {
  const isrc = t.isrc?.toUpperCase().replace(/-/g, '');
  return {
    dedupeKey: normaliseForDedupe({ ...t, isrc }),
    metaKey: normaliseForDedupe({ ...t, spotifyId: undefined, isrc: undefined }),
    spotifyId: t.spotifyId,
    isrc,
    title: t.title,
    artists: t.artists,
    album: t.album,
    durationMs: t.durationMs,
    position: t.position,
    addedAt: t.addedAt,
  };
}
