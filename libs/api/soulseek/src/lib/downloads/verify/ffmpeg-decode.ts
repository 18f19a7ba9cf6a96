import { execFile } from 'node:child_process';

/**
 * Full decode of a file with ffmpeg: the only check that finds damage in the middle of the audio (a
 * header and a duration can both be fine around a corrupt stretch). Run with execFile (no shell) and
 * a timeout; the path is absolute, so it can never be read as an option.
 */

export type DecodeResult = { ok: true; decodedMs: number | null } | { ok: false; detail: string };

let available: Promise<boolean> | undefined;

/** Whether `ffmpeg` is on PATH (asked once per process). */
export function ffmpegAvailable(): Promise<boolean> {
  available ??= new Promise<boolean>((resolve) => {
    execFile('ffmpeg', ['-hide_banner', '-version'], { timeout: 10_000 }, (error) => resolve(!error));
  });
  return available;
}

/** Decoding runs at hundreds of times real time; the limit only stops a wedged process. */
export function decodeTimeoutMs(durationMs: number | null): number {
  return Math.round(Math.min(300_000, Math.max(30_000, (durationMs ?? 0) / 5)));
}

const MAX_OUTPUT = 1024 * 1024;

export function decodeAudio(file: string, timeoutMs: number): Promise<DecodeResult> {
  const args = ['-nostdin', '-hide_banner', '-nostats', '-v', 'error', '-xerror', '-i', file, '-map', '0:a:0', '-f', 'null', '-progress', 'pipe:1', '-'];
  return new Promise<DecodeResult>((resolve) => {
    execFile('ffmpeg', args, { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, killSignal: 'SIGKILL', windowsHide: true }, (error, stdout, stderr) => {
      const decodedMs = lastOutTimeMs(String(stdout));
      const messages = String(stderr).trim();
      if (error && (error as { killed?: boolean }).killed) {
        resolve({ ok: false, detail: `decoding took longer than ${Math.round(timeoutMs / 1000)} s` });
      } else if (error || messages !== '') {
        // With -v error any message is an error: a damaged frame, a bad residual, non-monotonic timestamps.
        const first = (messages.split('\n').find((line) => line.trim() !== '') ?? error?.message ?? 'ffmpeg failed').trim();
        resolve({ ok: false, detail: `the audio does not decode cleanly: ${stripFfmpegPrefix(first).slice(0, 300)}` });
      } else {
        resolve({ ok: true, decodedMs });
      }
    });
  });
}

/** `-progress` prints key=value blocks; the last `out_time_us` is how much audio was decoded. */
function lastOutTimeMs(progress: string): number | null {
  const matches = [...progress.matchAll(/^out_time_us=(\d+)$/gm)];
  const last = matches.at(-1);
  return last ? Math.round(Number(last[1]) / 1000) : null;
}

/** `[flac @ 0x55d…] invalid residual` → `flac: invalid residual`. */
function stripFfmpegPrefix(line: string): string {
  return line.replace(/^\[([^\s@\]]+) @ 0x[0-9a-f]+\]\s*/i, '$1: ');
}
