import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Makes real, decodable audio files with ffmpeg so downloaded files can be probed like real ones.
 * Generation costs ~0.1-2 s, so files are cached by (format, duration, sample rate) and copied.
 */

interface Encoding {
  args: string[];
}

// Mono and the encoders' fastest settings: a full-length track costs well under a second on an idle
// core, and nothing downstream judges the fake's audio quality, only its format and duration.
const ENCODINGS: Record<string, Encoding> = {
  mp3: { args: ['-c:a', 'libmp3lame', '-compression_level', '9', '-b:a', '128k', '-f', 'mp3'] },
  flac: { args: ['-c:a', 'flac', '-compression_level', '0', '-f', 'flac'] },
  ogg: { args: ['-c:a', 'libvorbis', '-q:a', '0', '-f', 'ogg'] },
  opus: { args: ['-c:a', 'libopus', '-b:a', '48k', '-compression_level', '0', '-f', 'opus'] },
  m4a: { args: ['-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '96k', '-f', 'ipod'] },
  aac: { args: ['-c:a', 'aac', '-aac_coder', 'fast', '-b:a', '96k', '-f', 'adts'] },
  wav: { args: ['-c:a', 'pcm_s16le', '-f', 'wav'] },
  aiff: { args: ['-c:a', 'pcm_s16be', '-f', 'aiff'] },
  alac: { args: ['-c:a', 'alac', '-f', 'ipod'] },
};

export function isGeneratedAudioExtension(ext: string): boolean {
  return Object.prototype.hasOwnProperty.call(ENCODINGS, ext.toLowerCase());
}

export class AudioFileFactory {
  private readonly pending = new Map<string, Promise<string>>();
  /** ffmpeg runs at most this many at once, so a burst of downloads cannot starve the machine. */
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly maxConcurrent = 2;

  constructor(private readonly cacheDir = path.join(os.tmpdir(), 'soulspot-fake-slskd-audio')) {}

  /** Path of a cached file of this format and duration, generating it on first use. */
  async get(extension: string, durationSeconds: number, sampleRate = 44100): Promise<string> {
    const ext = extension.toLowerCase();
    const duration = Math.max(0.2, Math.round(durationSeconds * 10) / 10);
    // opus only encodes at 48 kHz; other rates are resampled by the encoder anyway.
    const rate = ext === 'opus' ? 48000 : sampleRate;
    const key = `v2-${ext}-${duration}-${rate}`;
    const existing = this.pending.get(key);
    if (existing) return existing;
    const job = this.generate(ext, duration, rate, key);
    this.pending.set(key, job);
    job.catch(() => this.pending.delete(key));
    return job;
  }

  /** Starts generating in the background (e.g. when a transfer starts) so the file is ready at completion. */
  prefetch(extension: string, durationSeconds: number, sampleRate?: number): void {
    if (!isGeneratedAudioExtension(extension)) return;
    this.get(extension, durationSeconds, sampleRate).catch(() => undefined);
  }

  /** Copies a generated file (or, for non-audio extensions, a small deterministic blob) to `target`. */
  async writeTo(target: string, extension: string, durationSeconds: number, sampleRate?: number): Promise<void> {
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (!isGeneratedAudioExtension(extension)) {
      const blob = createHash('sha256').update(target).digest();
      await fs.writeFile(target, Buffer.concat([Buffer.from('fake slskd file\n'), blob]));
      return;
    }
    const source = await this.get(extension, durationSeconds, sampleRate);
    await fs.copyFile(source, target);
  }

  private async generate(ext: string, duration: number, rate: number, key: string): Promise<string> {
    const encoding = ENCODINGS[ext];
    if (!encoding) throw new Error(`no encoder for .${ext}`);
    await fs.mkdir(this.cacheDir, { recursive: true });
    const finalPath = path.join(this.cacheDir, `${key}.${ext}`);
    try {
      const stat = await fs.stat(finalPath);
      if (stat.size > 0) return finalPath;
    } catch {
      // not cached yet
    }
    // Unique temp name so parallel processes sharing the cache never see a half-written file.
    const tmp = path.join(this.cacheDir, `.${key}.${process.pid}.${Date.now()}.tmp`);
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:sample_rate=${rate}:duration=${duration}`,
      '-ac',
      '1',
      ...encoding.args,
      tmp,
    ];
    if (this.running >= this.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      await new Promise<void>((resolve, reject) => {
        execFile('ffmpeg', args, { timeout: 120_000 }, (error, _stdout, stderr) => {
          if (error) reject(new Error(`ffmpeg failed for ${key}: ${stderr || error.message}`));
          else resolve();
        });
      });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
    await fs.rename(tmp, finalPath);
    return finalPath;
  }
}
