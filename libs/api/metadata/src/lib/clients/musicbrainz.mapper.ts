import {
  MbArtist,
  MbArtistCredit,
  MbRecording,
  MbRelease,
  MbReleaseGroup,
  MbReleaseRef,
  MbReleaseTrack,
} from './musicbrainz.types';
import {
  MbWireArtistCredit,
  MbWireArtistLookup,
  MbWireRecording,
  MbWireRelease,
  MbWireReleaseGroup,
  MbWireTag,
  MbWireTrack,
} from './musicbrainz.wire';

const emptyToNull = (value: string | null | undefined): string | null => (value ? value : null);

export function mapArtistCredits(credits: MbWireArtistCredit[] | undefined): MbArtistCredit[] {
  return (credits ?? []).map((c) => ({
    artistId: c.artist.id,
    name: c.artist.name,
    creditedName: c.name ?? c.artist.name,
    sortName: emptyToNull(c.artist['sort-name']),
    joinPhrase: c.joinphrase ?? '',
  }));
}

export function creditDisplay(credits: MbArtistCredit[]): string {
  return credits.map((c) => c.creditedName + c.joinPhrase).join('').trim();
}

/** Tag names by descending vote count, lower-cased and de-duplicated. */
export function mapTags(tags: MbWireTag[] | undefined): string[] {
  const sorted = [...(tags ?? [])].sort((a, b) => Number(b.count ?? 0) - Number(a.count ?? 0));
  return [...new Set(sorted.map((t) => t.name.trim().toLowerCase()).filter(Boolean))];
}

export function mapReleaseGroup(group: MbWireReleaseGroup | undefined): MbReleaseGroup | null {
  if (!group) return null;
  return {
    id: group.id,
    title: group.title ?? '',
    primaryType: emptyToNull(group['primary-type']),
    secondaryTypes: group['secondary-types'] ?? [],
    firstReleaseDate: emptyToNull(group['first-release-date']),
  };
}

function mapReleaseRef(release: MbWireRelease, recordingId: string): MbReleaseRef {
  let position: MbReleaseRef['position'] = null;
  for (const medium of release.media ?? []) {
    const tracks = medium.tracks ?? medium.track ?? [];
    // Embedded media list only this recording's track(s); match by recording when the track says so.
    const track = tracks.find((t) => !t.recording || t.recording.id === recordingId);
    if (!track) continue;
    const trackNumber = track.position ?? (Number.parseInt(track.number ?? '', 10) || (medium['track-offset'] ?? 0) + 1);
    position = {
      trackId: track.id ?? null,
      trackNumber,
      number: track.number ?? String(trackNumber),
      trackTotal: medium['track-count'] ?? null,
      discNumber: medium.position ?? 1,
    };
    break;
  }
  return {
    id: release.id,
    title: release.title,
    status: emptyToNull(release.status),
    date: emptyToNull(release.date),
    country: emptyToNull(release.country),
    releaseGroup: mapReleaseGroup(release['release-group']),
    position,
    trackCount: release['track-count'] ?? null,
  };
}

export function mapRecording(recording: MbWireRecording): MbRecording {
  const artistCredits = mapArtistCredits(recording['artist-credit']);
  const tags = mapTags(recording.tags);
  const genres = mapTags(recording.genres);
  return {
    id: recording.id,
    title: recording.title,
    lengthMs: recording.length ?? null,
    disambiguation: recording.disambiguation ?? '',
    artistCredits,
    artist: creditDisplay(artistCredits),
    isrcs: (recording.isrcs ?? []).map((i) => i.toUpperCase()),
    firstReleaseDate: emptyToNull(recording['first-release-date']),
    releases: (recording.releases ?? []).map((r) => mapReleaseRef(r, recording.id)),
    genres: genres.length ? genres : tags,
    tags,
    score: recording.score === undefined ? null : Number(recording.score),
  };
}

function mapReleaseTrack(track: MbWireTrack, discNumber: number, index: number): MbReleaseTrack {
  const artistCredits = mapArtistCredits(track['artist-credit'] ?? track.recording?.['artist-credit']);
  return {
    id: track.id,
    recordingId: track.recording?.id ?? '',
    title: track.title ?? track.recording?.title ?? '',
    lengthMs: track.length ?? track.recording?.length ?? null,
    trackNumber: track.position ?? index + 1,
    number: track.number ?? String(track.position ?? index + 1),
    discNumber,
    isrcs: (track.recording?.isrcs ?? []).map((i) => i.toUpperCase()),
    artistCredits,
    artist: creditDisplay(artistCredits),
  };
}

export function mapRelease(release: MbWireRelease): MbRelease {
  const artistCredits = mapArtistCredits(release['artist-credit']);
  const media = (release.media ?? []).map((medium, index) => {
    const discNumber = medium.position ?? index + 1;
    const tracks = (medium.tracks ?? medium.track ?? []).map((t, i) => mapReleaseTrack(t, discNumber, i));
    return { position: discNumber, format: emptyToNull(medium.format), trackCount: medium['track-count'] ?? tracks.length, tracks };
  });
  const group = release['release-group'];
  const tags = mapTags([...(release.tags ?? []), ...(group?.tags ?? [])]);
  const genres = mapTags([...(release.genres ?? []), ...(group?.genres ?? [])]);
  return {
    id: release.id,
    title: release.title,
    status: emptyToNull(release.status),
    date: emptyToNull(release.date),
    country: emptyToNull(release.country),
    barcode: emptyToNull(release.barcode),
    artistCredits,
    artist: creditDisplay(artistCredits),
    releaseGroup: mapReleaseGroup(group),
    labels: (release['label-info'] ?? [])
      .filter((l) => l.label?.name)
      .map((l) => ({ name: l.label?.name ?? '', catalogNumber: emptyToNull(l['catalog-number']) })),
    hasFrontCover: release['cover-art-archive']?.front ?? null,
    media,
    discTotal: media.length,
    trackTotal: media.reduce((n, m) => n + m.trackCount, 0),
    genres: genres.length ? genres : tags,
    tags,
  };
}

export function mapArtist(artist: MbWireArtistLookup): MbArtist {
  const tags = mapTags(artist.tags);
  const genres = mapTags(artist.genres);
  return {
    id: artist.id,
    name: artist.name,
    sortName: emptyToNull(artist['sort-name']),
    type: emptyToNull(artist.type),
    country: emptyToNull(artist.country),
    disambiguation: artist.disambiguation ?? '',
    genres: genres.length ? genres : tags,
    tags,
  };
}
