/** What the DownloadVerify job knows about the attempt whose transfer slskd reported as Succeeded. */
export interface VerifyInput {
  downloadId: string;
  attemptId: string;
  username: string;
  /** The remote path exactly as the peer sent it (hostile input). */
  remoteFilename: string;
  /** Bytes the peer advertised (slskd enforces it for a real transfer). */
  size: number;
  transferId: string | null;
  /** When the attempt was requested: an older file with the same name is not ours. */
  requestedAt: Date;
  expectedDurationMs: number | null;
  /** Fully decode with ffmpeg when it is installed (DownloadSettings.verifyDecode). Default false. */
  verifyDecode?: boolean;
  /**
   * The caller's last try: a file that still cannot be found is reported as `file_missing` with a
   * hint about the folder mapping instead of another `retryAfterMs`.
   */
  finalAttempt?: boolean;
}

export type VerifyFailureReason = 'file_missing' | 'verification_failed';

export type VerifyResult =
  | { ok: true; localPath: string; format: string; durationMs: number }
  /** The file is not in place yet (slskd marks a transfer Succeeded before it moves the file): ask again later. */
  | { ok: false; retryAfterMs: number }
  | { ok: false; reason: VerifyFailureReason; detail: string; quarantinePath: string | null };
