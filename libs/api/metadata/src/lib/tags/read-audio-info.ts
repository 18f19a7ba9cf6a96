import { stat } from 'node:fs/promises';
import { parseFile, type IAudioMetadata } from 'music-metadata';
import { AudioReadError, errorMessage } from './audio-tags.errors';
import type { AudioContainer, AudioInfo, ExistingTags } from './audio-tags.types';

const FRONT_COVER = 'Cover (front)';

/**
 * Reads technical properties and existing tags. Never throws anything but {@link AudioReadError}
 * so a job can record a clear reason for a bad download instead of crashing.
 */
export async function readAudioInfo(path: string): Promise<AudioInfo> {
  await assertRegularFile(path);
  let metadata: IAudioMetadata;
  try {
    metadata = await parseFile(path, { duration: true });
  } catch (error) {
    throw classifyParseError(path, error);
  }
  const { format } = metadata;
  // The parser happily returns an empty result for some garbage; audio without a codec or
  // sample rate is not something we can put in a library.
  if (!format.container || (!format.codec && !format.sampleRate)) {
    throw new AudioReadError(path, 'unsupported-format', 'no audio stream was recognised');
  }
  if (format.duration === undefined || !Number.isFinite(format.duration) || format.duration <= 0) {
    throw new AudioReadError(path, 'corrupt', 'the audio stream has no playable duration');
  }
  return {
    path,
    container: containerOf(format.container, format.codec),
    containerName: format.container,
    codec: format.codec,
    lossless: format.lossless ?? false,
    durationSeconds: format.duration,
    bitrate: roundOrUndefined(format.bitrate),
    sampleRate: format.sampleRate,
    bitDepth: format.bitsPerSample,
    channels: format.numberOfChannels,
    tagTypes: [...(format.tagTypes ?? [])],
    tags: existingTags(metadata),
  };
}

async function assertRegularFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new AudioReadError(path, 'not-a-file', 'path is not a regular file');
    if (info.size === 0) throw new AudioReadError(path, 'corrupt', 'file is empty');
  } catch (error) {
    if (error instanceof AudioReadError) throw error;
    throw new AudioReadError(path, 'not-found', errorMessage(error), { cause: error });
  }
}

function classifyParseError(path: string, error: unknown): AudioReadError {
  const name = error instanceof Error ? error.name : '';
  const message = errorMessage(error);
  if (/CouldNotDetermineFileType|UnsupportedFileType/i.test(name) || /determine|unsupported/i.test(message)) {
    return new AudioReadError(path, 'unsupported-format', message, { cause: error });
  }
  return new AudioReadError(path, 'corrupt', message, { cause: error });
}

export function containerOf(container: string, codec: string | undefined): AudioContainer {
  const c = container.toLowerCase();
  const k = (codec ?? '').toLowerCase();
  if (c === 'mpeg' && k.includes('layer 3')) return 'mp3';
  if (c === 'flac') return 'flac';
  if (c.startsWith('m4a') || c.startsWith('mp4') || c.includes('isom') || c.includes('mp42')) return 'mp4';
  if (c === 'ogg' && k.includes('opus')) return 'ogg-opus';
  if (c === 'ogg' && k.includes('vorbis')) return 'ogg-vorbis';
  return 'other';
}

function roundOrUndefined(value: number | undefined): number | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : Math.round(value);
}

function existingTags(metadata: IAudioMetadata): ExistingTags {
  const c = metadata.common;
  const pictures = c.picture ?? [];
  const artists = c.artists?.length ? c.artists : c.artist ? [c.artist] : [];
  const lyrics = c.lyrics?.map((l) => l.text).find((text): text is string => !!text);
  return {
    title: c.title,
    artists: [...artists],
    albumArtist: c.albumartist,
    album: c.album,
    trackNumber: c.track.no ?? undefined,
    trackTotal: c.track.of ?? undefined,
    discNumber: c.disk.no ?? undefined,
    discTotal: c.disk.of ?? undefined,
    date: c.date,
    year: c.year,
    genres: [...(c.genre ?? [])],
    isrc: c.isrc?.[0],
    musicBrainz: {
      recordingId: c.musicbrainz_recordingid,
      releaseId: c.musicbrainz_albumid,
      releaseGroupId: c.musicbrainz_releasegroupid,
      artistIds: [...(c.musicbrainz_artistid ?? [])],
      albumArtistIds: [...(c.musicbrainz_albumartistid ?? [])],
      releaseTrackId: c.musicbrainz_trackid,
    },
    compilation: c.compilation ?? false,
    hasPicture: pictures.length > 0,
    // Formats without picture types (MP4 covr) only hold covers, so any picture counts as the front.
    hasFrontCover: pictures.some((p) => !p.type || p.type === FRONT_COVER),
    lyrics,
  };
}
