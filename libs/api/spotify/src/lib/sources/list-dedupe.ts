import type { ListTrack } from './list-track';

/** Lower-case, accents removed, "&" → "and", punctuation dropped, whitespace collapsed. */
export function normaliseText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Drops "(feat. X)", "[ft. X]", " feat. X" — the same recording is listed with and without them. */
function stripFeaturing(title: string): string {
  return title.replace(/\s*[([]\s*(feat\.?|ft\.?|featuring)\s[^)\]]*[)\]]/gi, '').replace(/\s+(feat\.?|ft\.?|featuring)\s.*$/i, '');
}

function primaryArtist(artists: string[]): string {
  const first = normaliseText(artists[0] ?? '');
  return first.replace(/^the /, '');
}

/** Seconds are bucketed to 5 s so small encoder/rounding differences still collide. */
export const DEDUPE_DURATION_BUCKET_MS = 5_000;

/**
 * Identity key of a list entry for de-duplication, most reliable first: Spotify id, then ISRC, then
 * normalised primary artist + title + duration bucket ("?" when no duration is known).
 */
export function normaliseForDedupe(track: Pick<ListTrack, 'spotifyId' | 'isrc' | 'artists' | 'title' | 'durationMs'>): string {
  if (track.spotifyId) return `spotify:${track.spotifyId}`;
  if (track.isrc) return `isrc:${track.isrc.toUpperCase().replace(/-/g, '')}`;
  const bucket = track.durationMs ? String(Math.round(track.durationMs / DEDUPE_DURATION_BUCKET_MS)) : '?';
  return `meta:${primaryArtist(track.artists)}|${normaliseText(stripFeaturing(track.title))}|${bucket}`;
}

/** Every identity key a track has (id, ISRC, metadata), so entries from different sources still meet. */
export function dedupeKeys(track: Pick<ListTrack, 'spotifyId' | 'isrc' | 'artists' | 'title' | 'durationMs'>): string[] {
  const keys: string[] = [];
  if (track.spotifyId) keys.push(normaliseForDedupe({ ...track, isrc: undefined }));
  if (track.isrc) keys.push(normaliseForDedupe({ ...track, spotifyId: undefined }));
  keys.push(normaliseForDedupe({ ...track, spotifyId: undefined, isrc: undefined }));
  return keys;
}

/** Keeps the first of each duplicate (any shared key), preserving order; reports how many were dropped. */
export function dedupeListTracks<T extends ListTrack>(tracks: Iterable<T>): { tracks: T[]; duplicates: number } {
  const seen = new Set<string>();
  const out: T[] = [];
  let duplicates = 0;
  for (const t of tracks) {
    const keys = dedupeKeys(t);
    if (keys.some((k) => seen.has(k))) duplicates += 1;
    else out.push(t);
    keys.forEach((k) => seen.add(k));
  }
  return { tracks: out, duplicates };
}
