/**
 * In-memory catalogue and user library behind the fake Spotify, plus a deterministic generator
 * (same seed ⇒ same ids, names and ISRCs) so tests can build 10,000-track playlists cheaply and
 * compare what the client saw with the ground truth here.
 */

export interface FakeArtist {
  id: string;
  name: string;
}

export interface FakeAlbum {
  id: string;
  name: string;
  albumType: 'album' | 'single' | 'compilation';
  releaseDate: string;
  releaseDatePrecision: 'year' | 'month' | 'day';
  artistIds: string[];
  trackIds: string[];
  upc: string;
}

export interface FakeTrack {
  id: string;
  name: string;
  artistIds: string[];
  albumId: string;
  durationMs: number;
  /** Absent for a few tracks: real catalogues have tracks without an ISRC. */
  isrc?: string;
  discNumber: number;
  trackNumber: number;
  explicit: boolean;
}

export interface FakeEpisode {
  id: string;
  name: string;
  durationMs: number;
  showId: string;
  showName: string;
}

export type FakePlaylistEntry =
  | { kind: 'track'; trackId: string; addedAt: string | null; addedBy: string | null }
  | { kind: 'episode'; episodeId: string; addedAt: string | null; addedBy: string | null }
  | { kind: 'local'; name: string; artist: string; album: string; durationMs: number; addedAt: string | null }
  | { kind: 'unavailable'; addedAt: string | null };

export interface FakeUser {
  id: string;
  accountId: string;
  displayName: string;
}

export interface FakePlaylist {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  collaborative: boolean;
  public: boolean;
  snapshotVersion: number;
  entries: FakePlaylistEntry[];
  followers: number;
}

export interface FakeSpotifyLibrary {
  me: FakeUser;
  users: Map<string, FakeUser>;
  artists: Map<string, FakeArtist>;
  albums: Map<string, FakeAlbum>;
  tracks: Map<string, FakeTrack>;
  episodes: Map<string, FakeEpisode>;
  playlists: Map<string, FakePlaylist>;
  /** Order of `/me/playlists`; `null` reproduces the null entries Spotify returns there. */
  myPlaylistOrder: (string | null)[];
  savedTracks: { trackId: string; addedAt: string }[];
  savedAlbums: { albumId: string; addedAt: string }[];
  followedArtistIds: string[];
}

export interface PlaylistSeed {
  id?: string;
  name: string;
  /** Number of entries (including quirk entries when `quirks` is set). */
  size: number;
  owner?: 'me' | 'other';
  collaborative?: boolean;
  /** Sprinkle unavailable (`item: null`), local-file and episode entries between tracks. */
  quirks?: boolean;
  /** Spotify-owned editorial playlist (`37i9dQZF1…` id): 404 for new apps. */
  editorial?: boolean;
}

export interface SpotifyLibrarySeed {
  seed?: number;
  me?: Partial<FakeUser>;
  /** Minimum number of distinct catalogue tracks (grown automatically to fill the playlists). */
  catalogTracks?: number;
  likedSongs?: number;
  savedAlbums?: number;
  followedArtists?: number;
  /** Replaces the default playlists when given. */
  playlists?: PlaylistSeed[];
  /** Shortcut: add an owned playlist "Everything" with this many plain tracks. */
  largePlaylistSize?: number;
}

/** Summary a test compares against what the client reported. */
export interface PlaylistTruth {
  total: number;
  tracks: number;
  local: number;
  episodes: number;
  unavailable: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** mulberry32: tiny, fast, good enough for deterministic fixtures. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS_A = ['Silver', 'Broken', 'Electric', 'Quiet', 'Golden', 'Neon', 'Velvet', 'Hollow', 'Paper', 'Midnight', 'Crystal', 'Wild', 'Lonely', 'Burning', 'Frozen', 'Distant'];
const WORDS_B = ['River', 'Heart', 'Signal', 'Garden', 'Machine', 'Ocean', 'Ghost', 'Highway', 'Mirror', 'Summer', 'Engine', 'Harbor', 'Window', 'Forest', 'Satellite', 'Parade'];
// Real catalogues contain these; parsers and matchers must survive them.
const ODD_ARTISTS = ['Björk', 'Sigur Rós', 'Earth, Wind & Fire', 'AC/DC', 'Beyoncé', 'Mötley Crüe', '坂本龍一', 'Guns N\' Roses', 'The "Band"', 'P!nk'];
const ODD_TITLES = ['Hello (feat. Someone)', 'Song - Remastered 2011', 'Ça plane pour moi', 'Track, With Comma', '"Quoted" Title', 'Live at Wembley - Live', 'Интернационал', '99 Problems'];

export class LibraryGenerator {
  private readonly rand: () => number;
  private isrcCounter = 0;

  constructor(seed: number) {
    this.rand = seededRandom(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)];
  }

  id(prefix = ''): string {
    let s = prefix;
    while (s.length < 22) s += BASE62[Math.floor(this.rand() * 62)];
    return s;
  }

  name(): string {
    return `${this.pick(WORDS_A)} ${this.pick(WORDS_B)}`;
  }

  artistName(index: number): string {
    return index < ODD_ARTISTS.length ? ODD_ARTISTS[index] : `${this.name()}${index % 3 === 0 ? 's' : ''} ${index}`;
  }

  trackName(index: number): string {
    return index % 97 < ODD_TITLES.length && index % 7 === 0 ? ODD_TITLES[index % ODD_TITLES.length] : `${this.name()} ${index}`;
  }

  isrc(): string {
    this.isrcCounter += 1;
    return `QZ${'FAK'}${String(20 + (this.isrcCounter % 7)).padStart(2, '0')}${String(this.isrcCounter).padStart(5, '0')}`;
  }

  date(fromYear: number, toYear: number): string {
    const y = this.int(fromYear, toYear);
    const m = String(this.int(1, 12)).padStart(2, '0');
    const d = String(this.int(1, 28)).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }

  timestamp(fromYear: number, toYear: number): string {
    return `${this.date(fromYear, toYear)}T${String(this.int(0, 23)).padStart(2, '0')}:${String(this.int(0, 59)).padStart(2, '0')}:${String(this.int(0, 59)).padStart(2, '0')}Z`;
  }
}

const DEFAULT_PLAYLISTS: PlaylistSeed[] = [
  { id: '3cEYpjA9oz9GiPac4AsH4n', name: 'Road trip', size: 57, owner: 'me', quirks: true },
  { name: 'Shared with friends', size: 23, owner: 'other', collaborative: true },
  { name: "Someone else's mix", size: 40, owner: 'other' },
  { id: '37i9dQZF1DXcBWIGoYBM5M', name: "Today's Top Hits", size: 50, owner: 'other', editorial: true },
];

function addAlbum(lib: FakeSpotifyLibrary, gen: LibraryGenerator, artistIds: string[]): FakeAlbum {
  const albumType = gen.pick(['album', 'album', 'single', 'compilation'] as const);
  const precisionRoll = gen.int(0, 9);
  const fullDate = gen.date(1965, 2025);
  const releaseDatePrecision = precisionRoll === 0 ? 'year' : precisionRoll === 1 ? 'month' : 'day';
  const releaseDate = releaseDatePrecision === 'year' ? fullDate.slice(0, 4) : releaseDatePrecision === 'month' ? fullDate.slice(0, 7) : fullDate;
  const album: FakeAlbum = {
    id: gen.id(),
    name: gen.name(),
    albumType,
    releaseDate,
    releaseDatePrecision,
    artistIds,
    trackIds: [],
    upc: String(gen.int(100000, 999999)) + String(gen.int(100000, 999999)),
  };
  const count = albumType === 'single' ? gen.int(1, 3) : gen.int(6, 14);
  const discs = count > 12 ? 2 : 1;
  const perDisc = Math.ceil(count / discs);
  for (let i = 0; i < count; i += 1) {
    const featuring = gen.int(0, 9) === 0 ? [gen.pick([...lib.artists.keys()])] : [];
    const track: FakeTrack = {
      id: gen.id(),
      name: gen.trackName(lib.tracks.size),
      artistIds: [...artistIds, ...featuring.filter((a) => !artistIds.includes(a))],
      albumId: album.id,
      durationMs: gen.int(95_000, 420_000),
      isrc: gen.int(0, 24) === 0 ? undefined : gen.isrc(),
      discNumber: Math.floor(i / perDisc) + 1,
      trackNumber: (i % perDisc) + 1,
      explicit: gen.int(0, 5) === 0,
    };
    lib.tracks.set(track.id, track);
    album.trackIds.push(track.id);
  }
  lib.albums.set(album.id, album);
  return album;
}

/** Builds a deterministic library; the defaults reproduce every data quirk of external-apis.md §1.6. */
export function generateSpotifyLibrary(seed: SpotifyLibrarySeed = {}): FakeSpotifyLibrary {
  const gen = new LibraryGenerator(seed.seed ?? 1);
  const me: FakeUser = { id: 'jane123', accountId: 'aB3dE5fG7h', displayName: 'Jane', ...seed.me };
  const other: FakeUser = { id: 'otheruser', accountId: 'zZ9yY8xX7w', displayName: 'Other User' };
  const spotifyUser: FakeUser = { id: 'spotify', accountId: 'spotify0000', displayName: 'Spotify' };
  const lib: FakeSpotifyLibrary = {
    me,
    users: new Map([me, other, spotifyUser].map((u) => [u.id, u])),
    artists: new Map(),
    albums: new Map(),
    tracks: new Map(),
    episodes: new Map(),
    playlists: new Map(),
    myPlaylistOrder: [],
    savedTracks: [],
    savedAlbums: [],
    followedArtistIds: [],
  };

  const playlists = [...(seed.playlists ?? DEFAULT_PLAYLISTS)];
  if (seed.largePlaylistSize) playlists.push({ name: 'Everything', size: seed.largePlaylistSize, owner: 'me' });
  const neededTracks = Math.max(seed.catalogTracks ?? 300, ...playlists.map((p) => p.size), seed.likedSongs ?? 60);

  let artistIndex = 0;
  const newArtist = (): FakeArtist => {
    const artist = { id: gen.id(), name: gen.artistName(artistIndex) };
    artistIndex += 1;
    lib.artists.set(artist.id, artist);
    return artist;
  };
  while (lib.tracks.size < neededTracks) {
    const artist = newArtist();
    const albums = gen.int(1, 3);
    for (let i = 0; i < albums; i += 1) addAlbum(lib, gen, gen.int(0, 14) === 0 && lib.artists.size > 2 ? [artist.id, gen.pick([...lib.artists.keys()])].filter((v, idx, a) => a.indexOf(v) === idx) : [artist.id]);
  }
  for (let i = 0; i < 5; i += 1) {
    const ep: FakeEpisode = { id: gen.id(), name: `Episode ${i + 1}: ${gen.name()}`, durationMs: gen.int(1_200_000, 4_000_000), showId: 'show0000000000000000001', showName: 'The Fake Podcast' };
    lib.episodes.set(ep.id, ep);
  }

  const trackIds = [...lib.tracks.keys()];
  const episodeIds = [...lib.episodes.keys()];
  for (const p of playlists) {
    const owner = p.owner === 'other' ? (p.editorial ? spotifyUser : other) : me;
    const id = p.id ?? (p.editorial ? gen.id('37i9dQZF1') : gen.id());
    const start = gen.int(0, trackIds.length - 1);
    const entries: FakePlaylistEntry[] = [];
    for (let i = 0; i < p.size; i += 1) {
      const addedAt = i === 0 && p.quirks ? null : gen.timestamp(2015, 2025);
      if (p.quirks && i % 17 === 5) entries.push({ kind: 'unavailable', addedAt });
      else if (p.quirks && i % 23 === 7) entries.push({ kind: 'local', name: `Local Song ${i}`, artist: 'Home Recordings', album: 'Demos', durationMs: 215_000, addedAt });
      else if (p.quirks && i % 29 === 11) entries.push({ kind: 'episode', episodeId: episodeIds[i % episodeIds.length], addedAt, addedBy: owner.id });
      else entries.push({ kind: 'track', trackId: trackIds[(start + i) % trackIds.length], addedAt, addedBy: p.quirks && i === 0 ? null : owner.id });
    }
    lib.playlists.set(id, { id, name: p.name, description: p.editorial ? 'The hottest tracks right now.' : '', ownerId: owner.id, collaborative: !!p.collaborative, public: !p.collaborative && p.owner === 'other', snapshotVersion: 1, entries, followers: gen.int(0, 1000) });
    lib.myPlaylistOrder.push(id);
  }
  if (!seed.playlists) lib.myPlaylistOrder.splice(2, 0, null);

  const liked = seed.likedSongs ?? 60;
  const likedStart = gen.int(0, trackIds.length - 1);
  for (let i = 0; i < liked; i += 1) lib.savedTracks.push({ trackId: trackIds[(likedStart + i * 3) % trackIds.length], addedAt: gen.timestamp(2016, 2025) });
  const albumIds = [...lib.albums.keys()];
  for (let i = 0; i < Math.min(seed.savedAlbums ?? 12, albumIds.length); i += 1) lib.savedAlbums.push({ albumId: albumIds[(i * 7) % albumIds.length], addedAt: gen.timestamp(2016, 2025) });
  const artistIds = [...lib.artists.keys()];
  const followed = new Set<string>();
  for (let i = 0; followed.size < Math.min(seed.followedArtists ?? 25, artistIds.length); i += 1) followed.add(artistIds[(i * 5) % artistIds.length]);
  lib.followedArtistIds = [...followed];
  return lib;
}

export function playlistTruth(playlist: FakePlaylist): PlaylistTruth {
  const truth: PlaylistTruth = { total: playlist.entries.length, tracks: 0, local: 0, episodes: 0, unavailable: 0 };
  for (const e of playlist.entries) {
    if (e.kind === 'track') truth.tracks += 1;
    else if (e.kind === 'local') truth.local += 1;
    else if (e.kind === 'episode') truth.episodes += 1;
    else truth.unavailable += 1;
  }
  return truth;
}

/** Spotify snapshot ids are opaque base64-ish strings that change with every edit. */
export function snapshotId(playlist: FakePlaylist): string {
  return Buffer.from(`${playlist.id}:${playlist.snapshotVersion}:${playlist.entries.length}`).toString('base64').replace(/=+$/, '');
}
