import { createReadStream } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseStream, type IFormat } from 'music-metadata';

/**
 * Checks on a landed file that need no external program: it is a non-empty regular file of about the
 * advertised size, its *content* (sniffed, not guessed from the name) is the audio format its
 * extension promises, and its duration agrees with the wanted one (MATCHING.md tolerance).
 */

export type AudioFamily =
  | 'mp3'
  | 'mp2'
  | 'flac'
  | 'aac'
  | 'alac'
  | 'adts'
  | 'vorbis'
  | 'opus'
  | 'ogg-flac'
  | 'wav'
  | 'aiff'
  | 'ape'
  | 'wavpack'
  | 'wma'
  | 'dsf'
  | 'dff'
  | 'mpc'
  | 'other';

/** Which content each extension may hold. An extension not listed accepts any recognised audio. */
const EXTENSION_FAMILIES: Record<string, AudioFamily[]> = {
  mp3: ['mp3'],
  mp2: ['mp2'],
  flac: ['flac'],
  m4a: ['aac', 'alac'],
  mp4: ['aac', 'alac'],
  m4b: ['aac', 'alac'],
  alac: ['alac'],
  aac: ['adts', 'aac'],
  ogg: ['vorbis', 'opus', 'ogg-flac'],
  oga: ['vorbis', 'opus', 'ogg-flac'],
  opus: ['opus'],
  wav: ['wav'],
  aif: ['aiff'],
  aiff: ['aiff'],
  aifc: ['aiff'],
  ape: ['ape'],
  wv: ['wavpack'],
  wma: ['wma'],
  dsf: ['dsf'],
  dff: ['dff'],
  mpc: ['mpc'],
};

/** Human names for failure details ("content is MP3 audio, but the name says .flac"). */
const FAMILY_NAMES: Record<AudioFamily, string> = {
  mp3: 'MP3',
  mp2: 'MPEG layer 2',
  flac: 'FLAC',
  aac: 'AAC (MP4)',
  alac: 'ALAC (MP4)',
  adts: 'AAC (ADTS)',
  vorbis: 'Ogg Vorbis',
  opus: 'Opus',
  'ogg-flac': 'Ogg FLAC',
  wav: 'WAV',
  aiff: 'AIFF',
  ape: "Monkey's Audio",
  wavpack: 'WavPack',
  wma: 'WMA',
  dsf: 'DSF',
  dff: 'DSDIFF',
  mpc: 'Musepack',
  other: 'unknown audio',
};

export function familyOf(container: string | undefined, codec: string | undefined): AudioFamily {
  const c = (container ?? '').toLowerCase();
  const k = (codec ?? '').toLowerCase();
  if (c === 'mpeg') return k.includes('layer 2') ? 'mp2' : k.includes('layer 3') ? 'mp3' : 'other';
  if (c === 'flac') return 'flac';
  if (c.startsWith('adts')) return 'adts';
  if (c.startsWith('m4a') || c.startsWith('mp4') || c.startsWith('mpeg-4') || c.includes('isom') || c.includes('mp42')) {
    return k.includes('alac') ? 'alac' : 'aac';
  }
  if (c === 'ogg') {
    if (k.includes('opus')) return 'opus';
    if (k.includes('vorbis')) return 'vorbis';
    if (k.includes('flac')) return 'ogg-flac';
    return 'other';
  }
  if (c === 'wave' || c === 'wav') return 'wav';
  if (c.startsWith('aiff')) return 'aiff';
  if (c.includes("monkey")) return 'ape';
  if (c.includes('wavpack')) return 'wavpack';
  if (c.startsWith('asf')) return 'wma';
  if (c === 'dsf') return 'dsf';
  if (c.includes('dsdiff')) return 'dff';
  if (c.includes('musepack')) return 'mpc';
  return 'other';
}

export function extensionOf(fileName: string): string {
  return path.extname(fileName).slice(1).toLowerCase();
}

/** Does content of this family belong in a file with this extension? */
export function familyMatchesExtension(family: AudioFamily, extension: string): boolean {
  const allowed = EXTENSION_FAMILIES[extension.toLowerCase()];
  if (!allowed) return family !== 'other';
  return allowed.includes(family);
}

export function familyName(family: AudioFamily): string {
  return FAMILY_NAMES[family];
}

/** MATCHING.md duration tolerance, max(8 s, 4 %), plus 1 s for rounding of whole-second lengths. */
export function durationToleranceMs(expectedMs: number): number {
  return Math.max(8_000, 0.04 * expectedMs) + 1_000;
}

/**
 * slskd writes exactly the advertised bytes for a real transfer, so a landed file far from that size is
 * not the file that was asked for (an older download with the same name, a stub). The bounds are loose
 * on purpose: the fake slskd writes compact mono audio for catalogue entries that advertise full-size
 * files, and a real mismatch is always gross (0 bytes, a few KB, a different track).
 */
export const MIN_SIZE_RATIO = 0.02;
export const MAX_SIZE_RATIO = 1.5;
const MAX_SIZE_SLACK_BYTES = 1024 * 1024;

/**
 * MATCHING.md size sanity: a constant-bitrate file whose bytes cannot hold its header's duration is
 * truncated (the header of a cut MP3 still says the full length).
 */
export const MIN_IMPLIED_BITRATE_RATIO = 0.7;

export interface AudioProbe {
  family: AudioFamily;
  container: string;
  codec: string | null;
  durationMs: number;
  bitrate: number | null;
  lossless: boolean;
  sizeBytes: number;
}

export type AudioCheckResult = { ok: true; probe: AudioProbe } | { ok: false; detail: string };

export interface AudioExpectations {
  /** Name that decides the expected format (the remote file name: that is what was chosen). */
  fileName: string;
  advertisedSize: number;
  expectedDurationMs: number | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The audio format of the content, from its first bytes: what the file *is*, whatever its name says.
 * Returned as the extension music-metadata should parse it as. Null for anything unrecognised.
 */
export function sniffAudioExtension(head: Uint8Array): string | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const ascii = (offset: number, text: string) => b.length >= offset + text.length && b.toString('latin1', offset, offset + text.length) === text;
  let start = 0;
  // An ID3v2 tag may precede MP3, AAC and (rarely) FLAC data: size is 4 syncsafe bytes, plus a footer flag.
  if (ascii(0, 'ID3') && b.length >= 10) {
    const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
    start = 10 + size + (b[5] & 0x10 ? 10 : 0);
  }
  if (ascii(start, 'fLaC')) return 'flac';
  if (start === 0) {
    if (ascii(0, 'OggS')) return 'ogg';
    if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'wav';
    // '.aif': music-metadata lists its AIFF extensions as '.aif', 'aiff', 'aifc' (no dot on the last two).
    if (ascii(0, 'FORM') && (ascii(8, 'AIFF') || ascii(8, 'AIFC'))) return 'aif';
    if (ascii(4, 'ftyp')) return 'm4a';
    if (ascii(0, 'MAC ')) return 'ape';
    if (ascii(0, 'wvpk')) return 'wv';
    if (ascii(0, 'DSD ')) return 'dsf';
    if (ascii(0, 'FRM8')) return 'dff';
    if (ascii(0, 'MPCK') || ascii(0, 'MP+')) return 'mpc';
    if (b.length >= 4 && b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75) return 'wma';
  }
  // MPEG audio frame sync (11 bits), tolerating a little padding after a tag.
  for (let i = start; i < Math.min(b.length - 1, start + 64); i++) {
    if (b[i] !== 0xff || (b[i + 1] & 0xe0) !== 0xe0) continue;
    const layer = (b[i + 1] >> 1) & 0x03;
    if (layer === 0) return (b[i + 1] & 0xf6) === 0xf0 ? 'aac' : null;
    return layer === 1 ? 'mp3' : layer === 2 ? 'mp2' : null;
  }
  return null;
}

const SNIFF_BYTES = 64 * 1024;

/** Reads the format from the content (never from the name, so an MP3 named .flac is seen as MP3). */
export async function probeAudio(file: string, sizeBytes: number): Promise<IFormat> {
  const head = await readAt(file, 0, Math.min(sizeBytes, SNIFF_BYTES));
  let kind = sniffAudioExtension(head);
  if (kind === null && head.length >= 10 && Buffer.from(head).toString('latin1', 0, 3) === 'ID3') {
    // A tag larger than the sniffed head (big embedded cover): look right after it.
    const size = ((head[6] & 0x7f) << 21) | ((head[7] & 0x7f) << 14) | ((head[8] & 0x7f) << 7) | (head[9] & 0x7f);
    const after = await readAt(file, 10 + size, 4096);
    kind = sniffAudioExtension(after);
  }
  if (kind === null) throw new Error('the content is not a known audio format');
  const source = createReadStream(file);
  // The sniffed kind (as a file name) picks the parser: never the real name, which may lie.
  const piped = source.pipe(new PassThrough());
  try {
    const metadata = await parseStream(piped, { size: sizeBytes, path: `content.${kind}` }, { duration: true, skipCovers: true });
    return metadata.format;
  } finally {
    source.destroy();
    piped.destroy();
  }
}

async function readAt(file: string, position: number, bytes: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function checkAudioFile(file: string, expect: AudioExpectations): Promise<AudioCheckResult> {
  const stat = await lstat(file);
  if (stat.isSymbolicLink()) return { ok: false, detail: 'the downloaded path is a symbolic link, not a file' };
  if (!stat.isFile()) return { ok: false, detail: 'the downloaded path is not a regular file' };
  if (stat.size === 0) return { ok: false, detail: 'the file is empty (0 bytes)' };
  if (expect.advertisedSize > 0) {
    if (stat.size < expect.advertisedSize * MIN_SIZE_RATIO || stat.size > expect.advertisedSize * MAX_SIZE_RATIO + MAX_SIZE_SLACK_BYTES) {
      return { ok: false, detail: `the file has ${stat.size} bytes but the peer advertised ${expect.advertisedSize}` };
    }
  }

  let format: IFormat;
  try {
    format = await probeAudio(file, stat.size);
  } catch (error) {
    return { ok: false, detail: `not a readable audio file: ${error instanceof Error ? error.message : String(error)}` };
  }
  const family = familyOf(format.container, format.codec);
  const extension = extensionOf(expect.fileName);
  if (family === 'other' || (!format.codec && !format.sampleRate)) {
    return { ok: false, detail: `no audio stream recognised (container ${format.container ?? 'unknown'})` };
  }
  if (!familyMatchesExtension(family, extension)) {
    return { ok: false, detail: `the content is ${familyName(family)} audio but the name says .${extension}` };
  }
  const durationSeconds = format.duration;
  if (durationSeconds === undefined || !Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    return { ok: false, detail: 'the audio stream has no playable duration' };
  }
  const durationMs = Math.round(durationSeconds * 1000);
  if (expect.expectedDurationMs !== null && expect.expectedDurationMs > 0) {
    const delta = Math.abs(durationMs - expect.expectedDurationMs);
    if (delta > durationToleranceMs(expect.expectedDurationMs)) {
      return { ok: false, detail: `the audio lasts ${seconds(durationMs)} but ${seconds(expect.expectedDurationMs)} was wanted` };
    }
  }
  const bitrate = format.bitrate !== undefined && Number.isFinite(format.bitrate) ? Math.round(format.bitrate) : null;
  if (bitrate !== null && bitrate > 0 && hasTrustworthyBitrate(family, format)) {
    const implied = (stat.size * 8) / durationSeconds;
    if (implied < bitrate * MIN_IMPLIED_BITRATE_RATIO) {
      const holds = (stat.size * 8) / bitrate;
      return {
        ok: false,
        detail: `truncated: the header says ${seconds(durationMs)} at ${Math.round(bitrate / 1000)} kbps, but the file only holds about ${seconds(holds * 1000)}`,
      };
    }
  }
  return {
    ok: true,
    probe: {
      family,
      container: format.container ?? familyName(family),
      codec: format.codec ?? null,
      durationMs,
      bitrate,
      lossless: format.lossless ?? false,
      sizeBytes: stat.size,
    },
  };
}

/**
 * A header bitrate that really says how many bytes a second takes: constant-bitrate MP3 and PCM. (VBR
 * and compressed lossless bitrates are derived from the file size, so they cannot reveal truncation.)
 */
function hasTrustworthyBitrate(family: AudioFamily, format: IFormat): boolean {
  if (family === 'wav' || family === 'aiff') return true;
  if (family === 'mp3' || family === 'mp2') return format.codecProfile === undefined || format.codecProfile === 'CBR';
  return false;
}
