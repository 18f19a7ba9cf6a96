import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import {
  ByteVector,
  File,
  FlacFile,
  Id3v2FrameClassType,
  Id3v2FrameIdentifiers,
  Id3v2Settings,
  Id3v2Tag,
  Id3v2UserTextInformationFrame,
  Mpeg4AppleTag,
  Mpeg4BoxType,
  Mpeg4File,
  MpegAudioFile,
  MpegAudioFileSettings,
  OggFile,
  Picture,
  PictureType,
  StringType,
  TagTypes,
  XiphComment,
  type IPicture,
  type Tag,
} from 'node-taglib-sharp';
import { AudioWriteError, errorMessage } from './audio-tags.errors';
import type {
  AudioContainer,
  CoverImage,
  MusicBrainzIds,
  TrackTags,
  WriteTagsOptions,
  WriteTagsResult,
} from './audio-tags.types';

/*
 * node-taglib-sharp keeps its format settings in process-wide statics. SoulSpot is the only writer in
 * the process, and these are the only sane choices for a music library:
 * - no ID3v1 (truncates to 30 Latin-1 chars, and players prefer it over nothing),
 * - always ID3v2.4 (the only version with UTF-8 and real multi-value text frames),
 * - UTF-8 text so 日本語 / Ελληνικά / emoji survive.
 */
MpegAudioFileSettings.defaultTagTypes = TagTypes.Id3v2;
Id3v2Settings.defaultVersion = 4;
Id3v2Settings.forceDefaultVersion = true;
Id3v2Settings.defaultEncoding = StringType.UTF8;
Id3v2Settings.forceDefaultEncoding = true;

const ITUNES_MEAN = 'com.apple.iTunes';
const DATE_PATTERN = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Fields that have a Picard name per format but no (or a lossy) generic taglib property. */
type CustomField = 'date' | 'artistIds' | 'albumArtistIds' | 'releaseTrackId' | 'artistsFreeform';

/** What the writer needs from each format: the generic tag plus the Picard-named extras. */
interface FormatTag {
  container: AudioContainer;
  tag: Tag;
  /** The tag whose `pictures` are the real embedded pictures (FLAC keeps them outside the comment). */
  pictureTag: Tag;
  getCustom(field: CustomField): string[];
  setCustom(field: CustomField, values: string[]): void;
  /** An ID3v1 tag was dropped, so the file must be saved even if no field changed. */
  removedId3v1?: boolean;
}

/**
 * Writes tags. ID3v2.4 for MP3, Vorbis comments for FLAC/Ogg/Opus (FLAC pictures in a PICTURE
 * block), MP4 atoms for M4A. Frames/fields we do not manage (replaygain, comments, custom TXXX) are
 * never touched. By default the change is made on a copy that replaces the original atomically, so a
 * crash mid-write can never leave a half-rewritten file in the library.
 */
export async function writeTags(path: string, tags: TrackTags, options: WriteTagsOptions = {}): Promise<WriteTagsResult> {
  validateTags(path, tags);
  try {
    await stat(path);
  } catch (error) {
    throw new AudioWriteError(path, 'not-found', errorMessage(error), { cause: error });
  }
  const mode = options.mode ?? 'merge';
  // Plan on the original without saving: most re-tags of a library change nothing, and then no copy is made.
  const planned = tagFile(path, path, tags, mode, false);
  if (planned.written.length === 0) return planned;
  if (options.atomic === false) return tagFile(path, path, tags, mode, true);

  // Same folder (same filesystem, so rename is atomic) and the same extension (taglib picks the format by it).
  const temp = join(dirname(path), `.soulspot-tags-${randomBytes(8).toString('hex')}${extname(path)}`);
  try {
    await copyFile(path, temp, constants.COPYFILE_EXCL);
    const result = tagFile(temp, path, tags, mode, true);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDir(dirname(path));
    return result;
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof AudioWriteError) throw error;
    throw new AudioWriteError(path, 'io', errorMessage(error), { cause: error });
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the file data is already synced.
  } finally {
    await handle.close();
  }
}

/** Applies `tags` to `target` (saving only when `save`); errors name `displayPath`, the user's file. */
function tagFile(target: string, displayPath: string, tags: TrackTags, mode: 'merge' | 'fill', save: boolean): WriteTagsResult {
  let file: File;
  try {
    file = File.createFromPath(target);
  } catch (error) {
    const message = errorMessage(error);
    const reason = /unsupported|mimetype|not supported/i.test(message) ? 'unsupported-format' : 'corrupt';
    throw new AudioWriteError(displayPath, reason, message, { cause: error });
  }
  try {
    const format = openFormatTag(file, displayPath);
    const result: WriteTagsResult = { container: format.container, written: format.removedId3v1 ? ['id3v1Removed'] : [], keptExisting: [] };
    applyTags(format, tags, mode, result);
    if (save && result.written.length > 0) {
      try {
        file.save();
      } catch (error) {
        throw new AudioWriteError(displayPath, 'io', errorMessage(error), { cause: error });
      }
    }
    return result;
  } finally {
    file.dispose();
  }
}

function validateTags(path: string, tags: TrackTags): void {
  const problems: string[] = [];
  if (tags.date && !DATE_PATTERN.test(tags.date)) problems.push(`date "${tags.date}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
  for (const key of ['trackNumber', 'trackTotal', 'discNumber', 'discTotal'] as const) {
    const value = tags[key];
    if (value !== undefined && value !== null && (!Number.isInteger(value) || value < 1 || value > 9999)) {
      problems.push(`${key} must be a whole number between 1 and 9999`);
    }
  }
  if (tags.frontCover) {
    const kind = sniffImage(tags.frontCover.data);
    if (kind !== tags.frontCover.mimeType) {
      problems.push(`front cover bytes are ${kind ?? 'not a JPEG or PNG'} but mimeType says ${tags.frontCover.mimeType}`);
    }
  }
  if (problems.length > 0) throw new AudioWriteError(path, 'invalid-tags', problems.join('; '));
}

function sniffImage(data: Uint8Array): CoverImage['mimeType'] | undefined {
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length > 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
  return undefined;
}

function openFormatTag(file: File, path: string): FormatTag {
  if (file instanceof MpegAudioFile) {
    const id3 = file.getTag(TagTypes.Id3v2, true) as Id3v2Tag;
    // Salvage what only an old ID3v1 tag knew, then drop ID3v1 for good.
    const id3v1 = file.getTag(TagTypes.Id3v1, false);
    if (id3v1 && !id3v1.isEmpty) id3v1.copyTo(id3, false);
    file.removeTags(TagTypes.Id3v1);
    return { ...id3Format(id3), removedId3v1: !!id3v1 };
  }
  if (file instanceof FlacFile) {
    const xiph = file.getTag(TagTypes.Xiph, true) as XiphComment;
    return { ...xiphFormat('flac', xiph), pictureTag: file.tag };
  }
  if (file instanceof OggFile) {
    const xiph = file.getTag(TagTypes.Xiph) as XiphComment | undefined;
    if (!xiph) throw new AudioWriteError(path, 'unsupported-format', 'Ogg stream has no Vorbis comment');
    const codec = file.properties?.codecs.map((c) => c.description).join(' ') ?? '';
    return xiphFormat(/opus/i.test(codec) ? 'ogg-opus' : 'ogg-vorbis', xiph);
  }
  if (file instanceof Mpeg4File) {
    return appleFormat(file.getTag(TagTypes.Apple, true) as Mpeg4AppleTag);
  }
  throw new AudioWriteError(path, 'unsupported-format', `${file.mimeType} is not MP3, FLAC, Ogg/Opus or MP4`);
}

// ----- per-format field names (as Picard writes them) -----

const ID3_TXXX: Record<Exclude<CustomField, 'date'>, string> = {
  artistIds: 'MusicBrainz Artist Id',
  albumArtistIds: 'MusicBrainz Album Artist Id',
  releaseTrackId: 'MusicBrainz Release Track Id',
  artistsFreeform: 'ARTISTS',
};

function id3Format(id3: Id3v2Tag): FormatTag {
  const findTxxx = (description: string): Id3v2UserTextInformationFrame[] =>
    id3
      .getFramesByClassType<Id3v2UserTextInformationFrame>(Id3v2FrameClassType.UserTextInformationFrame)
      .filter((f) => f.description.toLowerCase() === description.toLowerCase());
  return {
    container: 'mp3',
    tag: id3,
    pictureTag: id3,
    getCustom(field) {
      if (field === 'date') return nonEmpty([id3.getTextAsString(Id3v2FrameIdentifiers["TDRC"])]);
      return nonEmpty(findTxxx(ID3_TXXX[field]).flatMap((f) => f.text));
    },
    setCustom(field, values) {
      if (field === 'date') {
        id3.setTextFrame(Id3v2FrameIdentifiers["TDRC"], ...values);
        return;
      }
      const description = ID3_TXXX[field];
      for (const frame of findTxxx(description)) id3.removeFrame(frame);
      if (values.length === 0) return;
      const frame = Id3v2UserTextInformationFrame.fromDescription(description, StringType.UTF8);
      // ID3v2.4 stores the values null-separated in one frame, which Picard and mutagen read as a list.
      frame.text = values;
      id3.addFrame(frame);
    },
  };
}

const XIPH_FIELDS: Record<CustomField, string> = {
  date: 'DATE',
  artistIds: 'MUSICBRAINZ_ARTISTID',
  albumArtistIds: 'MUSICBRAINZ_ALBUMARTISTID',
  releaseTrackId: 'MUSICBRAINZ_RELEASETRACKID',
  artistsFreeform: 'ARTISTS',
};

function xiphFormat(container: AudioContainer, xiph: XiphComment): FormatTag {
  return {
    container,
    tag: xiph,
    pictureTag: xiph,
    getCustom: (field) => nonEmpty(xiph.getField(XIPH_FIELDS[field])),
    setCustom(field, values) {
      // One field per value: the Vorbis comment way of multi-value.
      if (values.length === 0) xiph.removeField(XIPH_FIELDS[field]);
      else xiph.setFieldAsStrings(XIPH_FIELDS[field], ...values);
    },
  };
}

const APPLE_FREEFORM: Record<Exclude<CustomField, 'date'>, string> = {
  artistIds: 'MusicBrainz Artist Id',
  albumArtistIds: 'MusicBrainz Album Artist Id',
  releaseTrackId: 'MusicBrainz Release Track Id',
  artistsFreeform: 'ARTISTS',
};

function appleFormat(apple: Mpeg4AppleTag): FormatTag {
  return {
    container: 'mp4',
    tag: apple,
    pictureTag: apple,
    getCustom(field) {
      if (field === 'date') return nonEmpty(apple.getQuickTimeStrings(Mpeg4BoxType.DAY));
      return nonEmpty(apple.getItunesStrings(ITUNES_MEAN, APPLE_FREEFORM[field]));
    },
    setCustom(field, values) {
      if (field === 'date') apple.setQuickTimeStrings(Mpeg4BoxType.DAY, values);
      else apple.setItunesStrings(ITUNES_MEAN, APPLE_FREEFORM[field], ...values);
    },
  };
}

// ----- the logical fields, independent of the format -----

interface FieldSpec {
  name: string;
  /** `undefined` = not requested, `null` = remove, otherwise the values to write. */
  requested(tags: TrackTags): string[] | null | undefined;
  read(format: FormatTag): string[];
  write(format: FormatTag, values: string[]): void;
}

function genericText(name: string, pick: (t: TrackTags) => string | null | undefined, prop: 'title' | 'album' | 'isrc' | 'lyrics'): FieldSpec {
  return {
    name,
    requested: (t) => wrapText(pick(t)),
    read: (f) => nonEmpty([f.tag[prop]]),
    write: (f, v) => {
      f.tag[prop] = v[0] ?? '';
    },
  };
}

function genericList(name: string, pick: (t: TrackTags) => string[] | null | undefined, prop: 'performers' | 'albumArtists' | 'genres'): FieldSpec {
  return {
    name,
    requested: (t) => wrapList(pick(t)),
    read: (f) => nonEmpty(f.tag[prop]),
    write: (f, v) => {
      f.tag[prop] = v;
    },
  };
}

function genericNumber(name: string, pick: (t: TrackTags) => number | null | undefined, prop: 'track' | 'trackCount' | 'disc' | 'discCount'): FieldSpec {
  return {
    name,
    requested: (t) => {
      const value = pick(t);
      return value === undefined ? undefined : value === null ? null : [String(value)];
    },
    read: (f) => (f.tag[prop] > 0 ? [String(f.tag[prop])] : []),
    write: (f, v) => {
      f.tag[prop] = v.length ? Number(v[0]) : 0;
    },
  };
}

function mbGeneric(name: keyof MusicBrainzIds, prop: 'musicBrainzTrackId' | 'musicBrainzReleaseId' | 'musicBrainzReleaseGroupId'): FieldSpec {
  return {
    name: `musicBrainz.${name}`,
    requested: (t) => wrapText(t.musicBrainz?.[name] as string | null | undefined),
    read: (f) => nonEmpty([f.tag[prop]]),
    write: (f, v) => {
      f.tag[prop] = v[0] ?? '';
    },
  };
}

function custom(name: string, field: CustomField, pick: (t: TrackTags) => string[] | null | undefined): FieldSpec {
  return {
    name,
    requested: (t) => wrapList(pick(t)),
    read: (f) => f.getCustom(field),
    write: (f, v) => f.setCustom(field, v),
  };
}

const FIELDS: FieldSpec[] = [
  genericText('title', (t) => t.title, 'title'),
  genericList('artists', (t) => t.artists, 'performers'),
  // Picard's multi-value artist list; keeps all artists visible to tools that read ©ART/ARTIST as one value.
  custom('artists', 'artistsFreeform', (t) => t.artists),
  genericList('albumArtist', (t) => (t.albumArtist === undefined ? undefined : t.albumArtist === null ? null : [t.albumArtist]), 'albumArtists'),
  genericText('album', (t) => t.album, 'album'),
  genericNumber('trackNumber', (t) => t.trackNumber, 'track'),
  genericNumber('trackTotal', (t) => t.trackTotal, 'trackCount'),
  genericNumber('discNumber', (t) => t.discNumber, 'disc'),
  genericNumber('discTotal', (t) => t.discTotal, 'discCount'),
  custom('date', 'date', (t) => (t.date === undefined ? undefined : t.date === null ? null : [t.date])),
  genericList('genres', (t) => t.genres, 'genres'),
  genericText('isrc', (t) => t.isrc, 'isrc'),
  mbGeneric('recordingId', 'musicBrainzTrackId'),
  mbGeneric('releaseId', 'musicBrainzReleaseId'),
  mbGeneric('releaseGroupId', 'musicBrainzReleaseGroupId'),
  custom('musicBrainz.artistIds', 'artistIds', (t) => t.musicBrainz?.artistIds),
  custom('musicBrainz.albumArtistIds', 'albumArtistIds', (t) => t.musicBrainz?.albumArtistIds),
  custom('musicBrainz.releaseTrackId', 'releaseTrackId', (t) => wrapText(t.musicBrainz?.releaseTrackId)),
  {
    name: 'compilation',
    requested: (t) => (t.compilation === undefined ? undefined : t.compilation ? ['1'] : null),
    read: (f) => (f.tag.isCompilation ? ['1'] : []),
    write: (f, v) => {
      f.tag.isCompilation = v.length > 0;
    },
  },
  genericText('lyrics', (t) => t.lyrics, 'lyrics'),
];

function applyTags(format: FormatTag, tags: TrackTags, mode: 'merge' | 'fill', result: WriteTagsResult): void {
  for (const spec of FIELDS) {
    const requested = spec.requested(tags);
    if (requested === undefined) continue;
    const current = spec.read(format);
    const next = requested ?? [];
    if (mode === 'fill' && current.length > 0) {
      if (!sameValues(current, next)) addOnce(result.keptExisting, spec.name);
      continue;
    }
    if (sameValues(current, next)) continue;
    spec.write(format, next);
    addOnce(result.written, spec.name);
  }
  applyFrontCover(format, tags.frontCover, mode, result);
}

function applyFrontCover(format: FormatTag, cover: CoverImage | null | undefined, mode: 'merge' | 'fill', result: WriteTagsResult): void {
  if (cover === undefined) return;
  const existing = format.pictureTag.pictures ?? [];
  // MP4 `covr` has no picture types; every picture there is a cover.
  const isFront = (p: IPicture): boolean => format.container === 'mp4' || p.type === PictureType.FrontCover || p.type === PictureType.Other;
  const fronts = existing.filter(isFront);
  if (mode === 'fill' && fronts.length > 0) {
    result.keptExisting.push('frontCover');
    return;
  }
  if (cover === null && fronts.length === 0) return;
  if (cover && fronts.length === 1 && sameBytes(fronts[0].data.toByteArray(), cover.data)) return;
  const kept = existing.filter((p) => !isFront(p));
  const next = cover
    ? [Picture.fromFullData(ByteVector.fromByteArray(cover.data), PictureType.FrontCover, cover.mimeType, ''), ...kept]
    : kept;
  format.pictureTag.pictures = next;
  result.written.push('frontCover');
}

// ----- small helpers -----

function wrapText(value: string | null | undefined): string[] | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  return trimmed ? [trimmed] : null;
}

function wrapList(values: string[] | null | undefined): string[] | null | undefined {
  if (values === undefined || values === null) return values;
  const cleaned = values.map((v) => v.trim()).filter((v) => v.length > 0);
  return cleaned.length ? cleaned : null;
}

function nonEmpty(values: ReadonlyArray<string | undefined | null>): string[] {
  return values.filter((v): v is string => typeof v === 'string' && v.length > 0);
}

function sameValues(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function addOnce(list: string[], name: string): void {
  if (!list.includes(name)) list.push(name);
}
