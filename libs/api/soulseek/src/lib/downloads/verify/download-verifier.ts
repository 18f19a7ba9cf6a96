import { Inject, Injectable, Logger } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, type AppConfig } from '@soulspot/api/core';
import { isRealPathInside, splitRemotePath } from '../../clients/slskd-paths';
import { SlskdSettingsService } from '../../settings/slskd-settings.service';
import { checkAudioFile, durationToleranceMs } from './audio-check';
import { decodeAudio, decodeTimeoutMs, ffmpegAvailable } from './ffmpeg-decode';
import { locateDownloadedFile, type CompleteEventSource, type DownloadFolders } from './locate';
import { quarantineFile } from './quarantine';
import type { VerifyInput, VerifyResult } from './verify.types';

/** slskd moves the file within a second of saying Succeeded; ask again soon. */
export const VERIFY_RETRY_AFTER_MS = 1_500;

const MAPPING_HINT = 'check the downloads folder mapping under Settings → Soulseek';

export interface VerifyEnvironment {
  folders: DownloadFolders | null;
  events: CompleteEventSource | null;
  quarantineRoot: string;
}

/**
 * Checks a file slskd reports as downloaded before anything imports it: that it is where slskd put it
 * (inside the downloads folder, symlinks resolved), that its content is the format its name promises,
 * that it lasts as long as the wanted track, and (with ffmpeg and `verifyDecode`) that it decodes from
 * start to end. A file that fails is moved to quarantine, never deleted.
 */
@Injectable()
export class DownloadVerifier {
  private readonly logger = new Logger(DownloadVerifier.name);

  constructor(
    private readonly slskd: SlskdSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(input: VerifyInput): Promise<VerifyResult> {
    return verifyDownload(input, await this.environment(), this.logger);
  }

  private async environment(): Promise<VerifyEnvironment> {
    const settings = await this.slskd.get();
    const local = settings.downloadsPathLocal || settings.downloadsPathRemote;
    let events: CompleteEventSource | null = null;
    if (settings.configured) {
      events = async (page) => (await this.slskd.getClient()).getDownloadCompleteEvents(page);
    }
    return {
      folders: local ? { local, remote: settings.downloadsPathRemote } : null,
      events,
      quarantineRoot: path.join(this.config.dataDir, 'quarantine'),
    };
  }
}

/** The verification itself, with its environment passed in (the int-spec drives it with real folders). */
export async function verifyDownload(input: VerifyInput, env: VerifyEnvironment, logger?: Logger): Promise<VerifyResult> {
  const started = Date.now();
  const remoteName = splitRemotePath(input.remoteFilename).at(-1) ?? input.remoteFilename;
  if (!env.folders) {
    return { ok: false, reason: 'file_missing', detail: `the downloads folder is not set; ${MAPPING_HINT}`, quarantinePath: null };
  }
  const located = await locateDownloadedFile(input, env.folders, env.events);
  if (located.kind === 'unmapped') {
    return {
      ok: false,
      reason: 'file_missing',
      detail: `slskd saved the file as "${located.slskdPath}", outside its downloads folder "${env.folders.remote || '(not set)'}"; ${MAPPING_HINT}`,
      quarantinePath: null,
    };
  }
  if (located.kind === 'not-yet') {
    if (!input.finalAttempt) return { ok: false, retryAfterMs: VERIFY_RETRY_AFTER_MS };
    const where = located.slskdPath
      ? `slskd saved it as "${located.slskdPath}", but nothing is at the mapped path in "${env.folders.local}"`
      : `looked for ${located.expectedPath ? `"${located.expectedPath}"` : `"${remoteName}"`} and its _<ticks> renames in "${env.folders.local}"`;
    return { ok: false, reason: 'file_missing', detail: `the downloaded file was not found: ${where}; ${MAPPING_HINT}`, quarantinePath: null };
  }

  const file = located.path;
  if (!(await isRealPathInside(env.folders.local, file))) {
    // A symlink (or a folder link) leading out of the downloads folder: never read it, never move it.
    return { ok: false, reason: 'verification_failed', detail: `"${file}" leads outside the downloads folder (symbolic link)`, quarantinePath: null };
  }

  const failed = async (detail: string): Promise<VerifyResult> => {
    let quarantinePath: string | null = null;
    let note = '';
    try {
      quarantinePath = await quarantineFile(env.quarantineRoot, input.downloadId, file);
    } catch (error) {
      note = ` (left in place, quarantine failed: ${error instanceof Error ? error.message : String(error)})`;
    }
    logger?.warn(`download ${input.downloadId} attempt ${input.attemptId}: ${detail}${quarantinePath ? ` → ${quarantinePath}` : note}`);
    return { ok: false, reason: 'verification_failed', detail: `${detail}${note}`, quarantinePath };
  };

  const checked = await checkAudioFile(file, { fileName: remoteName, advertisedSize: input.size, expectedDurationMs: input.expectedDurationMs });
  if (!checked.ok) {
    // A symlink or odd file type is not ours to move.
    if (/symbolic link|not a regular file/.test(checked.detail)) {
      return { ok: false, reason: 'verification_failed', detail: checked.detail, quarantinePath: null };
    }
    return failed(checked.detail);
  }
  const probe = checked.probe;

  if (input.verifyDecode && (await ffmpegAvailable())) {
    const decoded = await decodeAudio(file, decodeTimeoutMs(probe.durationMs));
    if (!decoded.ok) return failed(decoded.detail);
    if (decoded.decodedMs !== null && probe.durationMs - decoded.decodedMs > durationToleranceMs(probe.durationMs)) {
      return failed(`truncated: the header says ${(probe.durationMs / 1000).toFixed(1)} s but only ${(decoded.decodedMs / 1000).toFixed(1)} s decode`);
    }
  }

  logger?.log(`download ${input.downloadId} attempt ${input.attemptId}: verified ${probe.family} ${(probe.durationMs / 1000).toFixed(1)} s (${located.via}) in ${Date.now() - started} ms`);
  return { ok: true, localPath: file, format: probe.family, durationMs: probe.durationMs };
}
