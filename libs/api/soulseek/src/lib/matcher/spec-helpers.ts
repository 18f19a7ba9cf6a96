import type { SlskdSearchFile, SlskdSearchResponse, WantedTrack } from './types';

/** Builders for hand-made search results in unit tests (not exported from the barrel). */
export function flac(filename: string, length: number | null, extra: Partial<SlskdSearchFile> = {}): SlskdSearchFile {
  const seconds = length ?? 240;
  return {
    filename,
    size: Math.round((seconds * 900 * 1000) / 8),
    extension: 'flac',
    ...(length === null ? {} : { length }),
    bitDepth: 16,
    sampleRate: 44100,
    ...extra,
  };
}

export function mp3(filename: string, length: number | null, bitRate: number | null, extra: Partial<SlskdSearchFile> = {}): SlskdSearchFile {
  const seconds = length ?? 240;
  return {
    filename,
    size: Math.round((seconds * (bitRate ?? 256) * 1000) / 8) + 40_000,
    extension: 'mp3',
    ...(length === null ? {} : { length }),
    ...(bitRate === null ? {} : { bitRate }),
    ...extra,
  };
}

export function peer(
  username: string,
  files: SlskdSearchFile[],
  extra: Partial<Omit<SlskdSearchResponse, 'username' | 'files'>> = {},
): SlskdSearchResponse {
  return {
    username,
    uploadSpeed: 2_000_000,
    queueLength: 0,
    hasFreeUploadSlot: true,
    files,
    lockedFiles: [],
    ...extra,
  };
}

export function track(partial: Partial<WantedTrack> & Pick<WantedTrack, 'title' | 'artists'>): WantedTrack {
  return { album: 'Some Album', durationMs: 240_000, trackNumber: 1, discNumber: 1, albumType: 'album', ...partial };
}

/** Deterministic PRNG (mulberry32) so property tests are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
