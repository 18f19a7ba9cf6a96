import { createHash } from 'node:crypto';
import { DEFAULT_SLSKD_CATALOGUE_ALBUMS } from '../slskd/catalogue';
import defaultCatalogueData from './default-catalogue.json';

/** How a seeded track's lyrics look on the fake LRCLIB ("none" = LRCLIB has no record at all). */
export type SeedLyricsKind = 'synced' | 'plain' | 'instrumental' | 'none';

export interface SeedTrack {
  title: string;
  durationMs: number;
  /** Reusing an ISRC that is already in the catalogue puts the same recording on this release (compilations, singles). */
  isrc?: string;
  /** Track artist when it differs from the album artist (compilations). */
  artist?: string;
  /** Featured artists, credited after the main artist with " feat. ". */
  featuring?: string[];
  disc?: number;
  lyrics?: SeedLyricsKind;
  tags?: string[];
}

export interface SeedAlbum {
  artist: string;
  artistSortName?: string;
  artistType?: 'Person' | 'Group' | 'Other';
  artistCountry?: string;
  title: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  date: string;
  country?: string;
  primaryType?: 'Album' | 'Single' | 'EP' | 'Other';
  secondaryTypes?: string[];
  /** 9 characters; track n gets `${isrcPrefix}${470 + n}` unless it names its own ISRC. */
  isrcPrefix?: string;
  label?: string;
  barcode?: string;
  genres?: string[];
  format?: string;
  /** False = the Cover Art Archive has nothing for this release. Default true. */
  cover?: boolean;
  /** Later releases in the same release group (reissues, other countries) carrying the same recordings. */
  editions?: Array<{ title?: string; date: string; country?: string; format?: string }>;
  tracks: SeedTrack[];
}

/** A flat track, as another fake (Spotify) or a test would describe it; grouped into albums by `seedFromTracks`. */
export interface SeedTrackRow {
  artist: string;
  title: string;
  album: string;
  durationMs: number;
  isrc?: string;
  trackNumber?: number;
  discNumber?: number;
  releaseDate?: string;
  genres?: string[];
  lyrics?: SeedLyricsKind;
}

export interface CatalogueArtist {
  id: string;
  name: string;
  sortName: string;
  type: 'Person' | 'Group' | 'Other';
  country: string | null;
  genres: string[];
  deezerId: number;
}

export interface CatalogueLyrics {
  synced: string | null;
  plain: string | null;
  instrumental: boolean;
}

export interface CatalogueRecording {
  id: string;
  title: string;
  lengthMs: number;
  artistIds: string[];
  /** Join phrase after each credited artist (same length as artistIds, last one ''). */
  joinPhrases: string[];
  isrcs: string[];
  tags: string[];
  lyrics: CatalogueLyrics | null;
  deezerId: number;
  lrclibId: number;
}

export interface CatalogueReleaseGroup {
  id: string;
  title: string;
  primaryType: string;
  secondaryTypes: string[];
  artistIds: string[];
  genres: string[];
}

export interface CatalogueTrack {
  id: string;
  recordingId: string;
  position: number;
  number: string;
  title: string;
  lengthMs: number;
  artistIds: string[];
}

export interface CatalogueMedium {
  position: number;
  format: string;
  tracks: CatalogueTrack[];
}

export interface CatalogueRelease {
  id: string;
  title: string;
  releaseGroupId: string;
  status: 'Official';
  date: string;
  country: string | null;
  barcode: string | null;
  label: string | null;
  artistIds: string[];
  hasCover: boolean;
  coverImageId: number;
  media: CatalogueMedium[];
  deezerId: number;
}

/** Deterministic ids so a catalogue seeded twice (or by two processes) gives the same MBIDs. */
export function fakeMbid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function fakeNumericId(key: string, digits = 9): number {
  const h = createHash('sha1').update(key).digest();
  return (h.readUInt32BE(0) % 10 ** (digits - 1)) + 10 ** (digits - 1);
}

/**
 * The ISRC the fakes give a track that has no real one: `ZZFAK` + 7 digits from artist/album/title, so the
 * Spotify, slskd and metadata fakes can agree on the join key without sharing state.
 */
export function fakeIsrc(artist: string, album: string, title: string): string {
  return `ZZFAK${String(fakeNumericId(`${normalizeName(artist)}|${normalizeName(album)}|${normalizeName(title)}`, 7)).padStart(7, '0')}`;
}

/** Case, accent and punctuation-insensitive form used by every fake matcher (LRCLIB, Last.fm, search). */
export function normalizeName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function lyricsFor(title: string, durationMs: number, kind: SeedLyricsKind): CatalogueLyrics | null {
  if (kind === 'none') return null;
  if (kind === 'instrumental') return { synced: null, plain: null, instrumental: true };
  // Invented placeholder lines: the fakes must never ship real song lyrics.
  const lines = [1, 2, 3, 4].map((n) => `${title} (fake lyric line ${n})`);
  const plain = `${lines.join('\n')}\n`;
  if (kind === 'plain') return { synced: null, plain, instrumental: false };
  const step = Math.max(1, Math.floor(durationMs / 1000 / 6));
  const stamp = (sec: number) =>
    `[${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}.00]`;
  const synced = [...lines.map((line, i) => `${stamp(step * (i + 1))} ${line}`), stamp(step * 5) + ' '].join('\n');
  return { synced, plain, instrumental: false };
}

/**
 * The mutable store behind all fake metadata services. MusicBrainz, CAA, LRCLIB, Last.fm and Deezer read it
 * live, so seeding after start is visible immediately.
 */
export class FakeMetadataCatalogue {
  readonly artists = new Map<string, CatalogueArtist>();
  readonly recordings = new Map<string, CatalogueRecording>();
  readonly releaseGroups = new Map<string, CatalogueReleaseGroup>();
  readonly releases = new Map<string, CatalogueRelease>();
  private readonly recordingByIsrc = new Map<string, string>();
  /** Releases that contain a recording, in seeding order. */
  private readonly releasesByRecording = new Map<string, string[]>();

  /**
   * The demo catalogue: a few well-known albums (default-catalogue.json) plus the invented albums the fake
   * slskd shares (its ground truth), so a demo download can be identified, tagged and given cover art.
   */
  static withDefaults(): FakeMetadataCatalogue {
    const catalogue = new FakeMetadataCatalogue();
    catalogue.addAlbums(defaultCatalogueData.albums as SeedAlbum[]);
    catalogue.addAlbums(
      DEFAULT_SLSKD_CATALOGUE_ALBUMS.map((album) => ({
        artist: album.artist,
        title: album.album,
        date: String(album.year),
        country: 'XW',
        format: 'Digital Media',
        tracks: album.tracks.map((track) => ({
          title: track.title,
          durationMs: track.durationSeconds * 1000,
          isrc: fakeIsrc(album.artist, album.album, track.title),
          featuring: track.featuring,
          lyrics: /\(interlude\)/i.test(track.title) ? ('instrumental' as const) : undefined,
        })),
      })),
    );
    return catalogue;
  }

  addAlbums(albums: SeedAlbum[]): CatalogueRelease[] {
    return albums.flatMap((album) => this.addAlbum(album));
  }

  /** Groups flat rows by album artist + album and seeds them; rows without ISRCs get deterministic ones. */
  seedFromTracks(rows: SeedTrackRow[]): CatalogueRelease[] {
    const groups = new Map<string, SeedTrackRow[]>();
    for (const row of rows) {
      const key = `${normalizeName(row.artist)}|${normalizeName(row.album)}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const albums: SeedAlbum[] = [...groups.values()].map((group) => {
      const sorted = [...group].sort(
        (a, b) => (a.discNumber ?? 1) - (b.discNumber ?? 1) || (a.trackNumber ?? 0) - (b.trackNumber ?? 0),
      );
      const first = sorted[0];
      return {
        artist: first.artist,
        title: first.album,
        date: first.releaseDate ?? '2000-01-01',
        genres: first.genres,
        tracks: sorted.map((row) => ({
          title: row.title,
          durationMs: row.durationMs,
          isrc: row.isrc ?? fakeIsrc(row.artist, row.album, row.title),
          disc: row.discNumber,
          lyrics: row.lyrics,
        })),
      };
    });
    return this.addAlbums(albums);
  }

  recordingIdByIsrc(isrc: string): string | undefined {
    return this.recordingByIsrc.get(isrc.toUpperCase());
  }

  releasesOf(recordingId: string): CatalogueRelease[] {
    return (this.releasesByRecording.get(recordingId) ?? [])
      .map((id) => this.releases.get(id))
      .filter((r): r is CatalogueRelease => r !== undefined);
  }

  releasesInGroup(releaseGroupId: string): CatalogueRelease[] {
    return [...this.releases.values()].filter((r) => r.releaseGroupId === releaseGroupId);
  }

  firstReleaseDate(recordingId: string): string {
    const dates = this.releasesOf(recordingId)
      .map((r) => r.date)
      .filter((d) => d !== '')
      .sort();
    return dates[0] ?? '';
  }

  releaseGroupFirstDate(releaseGroupId: string): string {
    return (
      this.releasesInGroup(releaseGroupId)
        .map((r) => r.date)
        .sort()[0] ?? ''
    );
  }

  findArtistByName(name: string): CatalogueArtist | undefined {
    const wanted = normalizeName(name);
    return [...this.artists.values()].find((a) => normalizeName(a.name) === wanted);
  }

  creditName(artistIds: string[], joinPhrases?: string[]): string {
    return artistIds.map((id, i) => (this.artists.get(id)?.name ?? '') + (joinPhrases?.[i] ?? (i < artistIds.length - 1 ? ' & ' : ''))).join('');
  }

  private upsertArtist(name: string, album?: SeedAlbum): CatalogueArtist {
    const id = fakeMbid(`artist:${normalizeName(name)}`);
    const existing = this.artists.get(id);
    if (existing) {
      // An artist first met as a compilation guest gets its details when its own album is seeded.
      if (album && album.artist === name) {
        existing.genres = [...new Set([...existing.genres, ...(album.genres ?? [])])];
        existing.sortName = album.artistSortName ?? existing.sortName;
        existing.type = album.artistType ?? existing.type;
        existing.country = album.artistCountry ?? existing.country;
      }
      return existing;
    }
    const artist: CatalogueArtist = {
      id,
      name,
      sortName: album?.artist === name ? (album.artistSortName ?? name) : name,
      type: album?.artist === name ? (album.artistType ?? 'Group') : 'Group',
      country: album?.artist === name ? (album.artistCountry ?? null) : null,
      genres: album?.artist === name ? [...(album.genres ?? [])] : [],
      deezerId: fakeNumericId(`deezer-artist:${name}`, 7),
    };
    this.artists.set(id, artist);
    return artist;
  }

  private addAlbum(album: SeedAlbum): CatalogueRelease[] {
    const albumArtist = this.upsertArtist(album.artist, album);
    const groupId = fakeMbid(`release-group:${normalizeName(album.artist)}:${normalizeName(album.title)}`);
    if (!this.releaseGroups.has(groupId)) {
      this.releaseGroups.set(groupId, {
        id: groupId,
        title: album.title,
        primaryType: album.primaryType ?? 'Album',
        secondaryTypes: album.secondaryTypes ?? [],
        artistIds: [albumArtist.id],
        genres: album.genres ?? [],
      });
    }

    const recordingIds = album.tracks.map((track, index) => {
      const isrc = (track.isrc ?? (album.isrcPrefix ? `${album.isrcPrefix}${470 + index + 1}` : undefined))?.toUpperCase();
      const known = isrc ? this.recordingByIsrc.get(isrc) : undefined;
      if (known) {
        const recording = this.recordings.get(known);
        if (recording && track.tags) recording.tags = [...new Set([...track.tags, ...recording.tags])];
        return known;
      }
      const trackArtist = track.artist ? this.upsertArtist(track.artist) : albumArtist;
      const featured = (track.featuring ?? []).map((name) => this.upsertArtist(name));
      const artistIds = [trackArtist.id, ...featured.map((a) => a.id)];
      const joinPhrases = artistIds.map((_, i) => (i === artistIds.length - 1 ? '' : i === 0 ? ' feat. ' : ' & '));
      const recordingId = fakeMbid(
        `recording:${isrc ?? `${normalizeName(trackArtist.name)}:${normalizeName(album.title)}:${normalizeName(track.title)}`}`,
      );
      if (!this.recordings.has(recordingId)) {
        this.recordings.set(recordingId, {
          id: recordingId,
          title: track.title,
          lengthMs: track.durationMs,
          artistIds,
          joinPhrases,
          isrcs: isrc ? [isrc] : [],
          tags: track.tags ?? album.genres ?? [],
          lyrics: lyricsFor(track.title, track.durationMs, track.lyrics ?? 'synced'),
          deezerId: fakeNumericId(`deezer-track:${recordingId}`),
          lrclibId: fakeNumericId(`lrclib:${recordingId}`, 7),
        });
      }
      if (isrc) this.recordingByIsrc.set(isrc, recordingId);
      return recordingId;
    });

    const editions = [{ title: album.title, date: album.date, country: album.country, format: album.format }, ...(album.editions ?? [])];
    return editions.map((edition) => {
      const releaseId = fakeMbid(`release:${groupId}:${edition.title ?? album.title}:${edition.date}:${edition.country ?? ''}`);
      const byDisc = new Map<number, CatalogueTrack[]>();
      album.tracks.forEach((track, index) => {
        const disc = track.disc ?? 1;
        const list = byDisc.get(disc) ?? [];
        const recording = this.recordings.get(recordingIds[index]);
        list.push({
          id: fakeMbid(`track:${releaseId}:${disc}:${list.length + 1}`),
          recordingId: recordingIds[index],
          position: list.length + 1,
          number: String(list.length + 1),
          title: recording?.title ?? track.title,
          lengthMs: track.durationMs,
          artistIds: recording?.artistIds ?? [albumArtist.id],
        });
        byDisc.set(disc, list);
      });
      const release: CatalogueRelease = {
        id: releaseId,
        title: edition.title ?? album.title,
        releaseGroupId: groupId,
        status: 'Official',
        date: edition.date,
        country: edition.country ?? null,
        barcode: album.barcode ?? null,
        label: album.label ?? null,
        artistIds: [albumArtist.id],
        hasCover: album.cover ?? true,
        coverImageId: fakeNumericId(`cover:${releaseId}`, 11),
        media: [...byDisc.entries()]
          .sort(([a], [b]) => a - b)
          .map(([position, tracks]) => ({ position, format: edition.format ?? album.format ?? 'CD', tracks })),
        deezerId: fakeNumericId(`deezer-album:${releaseId}`),
      };
      this.releases.set(releaseId, release);
      for (const recordingId of new Set(recordingIds)) {
        const list = this.releasesByRecording.get(recordingId) ?? [];
        if (!list.includes(releaseId)) list.push(releaseId);
        this.releasesByRecording.set(recordingId, list);
      }
      return release;
    });
  }
}
