import { fakeIsrc } from '../metadata/catalogue';
import { DEFAULT_SLSKD_CATALOGUE_ALBUMS, type SlskdCatalogueAlbum } from '../slskd/catalogue';
import type { FakePlaylistEntry, FakeSpotifyLibrary } from './spotify-fake.library';

export interface CataloguePick {
  artist: string;
  album: string;
  title: string;
}

/** What a test or the demo can expect of a track of the playlist once it is in the library. */
export interface CatalogueTrackExpectation extends CataloguePick {
  year: number;
  trackNumber: number;
  trackTotal: number;
  durationMs: number;
}

/** Stable 22-character ids derived from names, so the same pick always gets the same Spotify ids. */
const idFrom = (kind: string, text: string) => `${kind}${text.replace(/[^A-Za-z0-9]/g, '')}`.padEnd(22, '0').slice(0, 22);

/**
 * Adds an owned playlist made of tracks the fake slskd's default catalogue shares (and whose ISRCs the fake
 * MusicBrainz knows), so Spotify → wanted tracks → Soulseek → library works end to end on the fakes alone.
 * The playlist comes first in the user's playlists. Returns what each track should end up as.
 */
export function addCataloguePlaylist(
  library: FakeSpotifyLibrary,
  picks: CataloguePick[],
  options: { id: string; name: string; albums?: SlskdCatalogueAlbum[] },
): CatalogueTrackExpectation[] {
  const albums = options.albums ?? DEFAULT_SLSKD_CATALOGUE_ALBUMS;
  const expected: CatalogueTrackExpectation[] = [];
  const entries: FakePlaylistEntry[] = [];
  for (const pick of picks) {
    const album = albums.find((a) => a.artist === pick.artist && a.album === pick.album);
    const index = album ? album.tracks.findIndex((t) => t.title === pick.title) : -1;
    if (!album || index < 0) throw new Error(`the slskd catalogue has no "${pick.title}" on ${pick.artist} – ${pick.album}`);
    const artistId = idFrom('ar', pick.artist);
    const albumId = idFrom('al', pick.album);
    const trackId = idFrom('tr', `${pick.album}${pick.title}`);
    library.artists.set(artistId, { id: artistId, name: pick.artist });
    if (!library.albums.has(albumId)) {
      library.albums.set(albumId, {
        id: albumId,
        name: album.album,
        albumType: 'album',
        releaseDate: `${album.year}-03-01`,
        releaseDatePrecision: 'day',
        artistIds: [artistId],
        trackIds: [],
        upc: '000000000000',
      });
    }
    const albumRow = library.albums.get(albumId);
    if (albumRow && !albumRow.trackIds.includes(trackId)) albumRow.trackIds.push(trackId);
    const durationMs = album.tracks[index].durationSeconds * 1000;
    library.tracks.set(trackId, {
      id: trackId,
      name: pick.title,
      artistIds: [artistId],
      albumId,
      durationMs,
      isrc: fakeIsrc(album.artist, album.album, pick.title),
      discNumber: 1,
      trackNumber: index + 1,
      explicit: false,
    });
    entries.push({ kind: 'track', trackId, addedAt: '2026-01-01T00:00:00Z', addedBy: library.me.id });
    expected.push({ ...pick, year: album.year, trackNumber: index + 1, trackTotal: album.tracks.length, durationMs });
  }
  library.playlists.set(options.id, {
    id: options.id,
    name: options.name,
    description: 'Tracks the fake slskd shares',
    ownerId: library.me.id,
    collaborative: false,
    public: false,
    snapshotVersion: 1,
    entries,
    followers: 0,
  });
  library.myPlaylistOrder = [options.id, ...library.myPlaylistOrder.filter((id) => id !== options.id)];
  return expected;
}

/** The demo's playlist: a handful of tracks from several catalogue albums, decoys included on the peers' side. */
export const DEMO_CATALOGUE_PICKS: CataloguePick[] = [
  { artist: 'The Velvet Foxes', album: 'Neon Boulevard', title: 'Runaway Tonight' },
  { artist: 'The Velvet Foxes', album: 'Neon Boulevard', title: 'Neon Boulevard' },
  { artist: 'Mara Quinn', album: 'Glass Houses', title: 'Glass Houses' },
  { artist: 'Mara Quinn', album: 'Glass Houses', title: 'Undertow' },
  { artist: 'Hollow Pines', album: 'Cabin Fever', title: 'Cabin Fever' },
  { artist: 'Northern Lights Orchestra', album: 'Aurora Suite', title: 'Midnight Sun' },
  { artist: 'Kaito Mori', album: 'Tokyo Rain', title: 'Tokyo Rain' },
  { artist: 'Lucía Ferrer', album: 'Corazón de Papel', title: 'Sin Ti' },
];
