import { dirname, relative, sep } from 'node:path';
import { sanitizeFileName } from '../naming/sanitize-path';

/** Folder inside the library root that holds the exported playlists (media servers scan it with the music). */
export const PLAYLISTS_FOLDER = 'Playlists';

/** Comment line (players ignore it) marking which list a playlist file belongs to. */
export const LIST_ID_TAG = '#X-SOULSPOT-LIST:';

/** Whether the start of a playlist file says it belongs to `listId`. */
export function belongsToList(head: string, listId: string): boolean {
  return head.split('\n', 4).some((line) => line.trim() === `${LIST_ID_TAG}${listId}`);
}

export interface M3u8Track {
  title: string;
  artists: string[];
  durationMs: number | null;
  /** Absolute path of the library file. */
  path: string;
}

// eslint-disable-next-line no-control-regex -- a title must never start a new playlist line
const LINE_BREAKING = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;
// eslint-disable-next-line no-control-regex -- same set, without the global flag's lastIndex state
const HAS_LINE_BREAK = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/** One-line text for #EXTINF: control characters and line separators (hostile titles) become spaces. */
function oneLine(text: string): string {
  return text.replace(LINE_BREAKING, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The `.m3u8` text (UTF-8, `\n` line ends, no BOM) for `playlistPath`: `#EXTM3U`, then per track
 * `#EXTINF:<seconds>,<Artist> - <Title>` and its path relative to the playlist's folder with forward
 * slashes. Files are under the library root and the playlist is in `<root>/Playlists/`, so every path is
 * `../` + the path inside the library: Navidrome, Jellyfin, Plex and VLC resolve it from the playlist file.
 */
export function renderM3u8(playlistPath: string, tracks: M3u8Track[], list?: { id: string; name: string }): string {
  const from = dirname(playlistPath);
  const lines = ['#EXTM3U'];
  // #PLAYLIST names it for players that read it; the list id lets SoulSpot find its own file again after a rename.
  if (list) lines.push(`#PLAYLIST:${oneLine(list.name)}`, `${LIST_ID_TAG}${list.id}`);
  for (const t of tracks) {
    const path = relative(from, t.path).split(sep).join('/');
    // A path that could break the format is left out rather than written half (library names never hold these).
    if (!path || HAS_LINE_BREAK.test(path)) continue;
    const seconds = t.durationMs === null ? -1 : Math.round(t.durationMs / 1000);
    const artist = oneLine(t.artists.join(', '));
    const title = oneLine(t.title);
    lines.push(`#EXTINF:${seconds},${artist ? `${artist} - ${title}` : title}`, path);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `<list name>.m3u8`, safe on every filesystem (slashes, `..`, reserved names, control characters,
 * 255-byte limit). `taken` holds names other lists already use: a clash gets the list id's first 8 characters.
 */
export function playlistFileName(listName: string, listId: string, taken: ReadonlySet<string> = new Set()): string {
  const plain = sanitizeFileName(listName, 'm3u8', { placeholder: 'Playlist' });
  if (!taken.has(plain.toLowerCase())) return plain;
  return sanitizeFileName(`${listName} (${listId.slice(0, 8)})`, 'm3u8', { placeholder: 'Playlist' });
}
