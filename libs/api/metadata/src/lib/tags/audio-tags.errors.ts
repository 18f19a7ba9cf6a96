export type AudioReadFailure = 'not-found' | 'not-a-file' | 'unsupported-format' | 'corrupt';
export type AudioWriteFailure = 'not-found' | 'unsupported-format' | 'corrupt' | 'invalid-tags' | 'io';

/** A file could not be read as audio. `reason` is stable for callers; `message` is for humans. */
export class AudioReadError extends Error {
  constructor(
    readonly path: string,
    readonly reason: AudioReadFailure,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot read audio file "${path}" (${reason}): ${detail}`, options);
    this.name = 'AudioReadError';
  }
}

/** Tags could not be written. The file is left as it was unless `reason` is `io`. */
export class AudioWriteError extends Error {
  constructor(
    readonly path: string,
    readonly reason: AudioWriteFailure,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Cannot write tags to "${path}" (${reason}): ${detail}`, options);
    this.name = 'AudioWriteError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
