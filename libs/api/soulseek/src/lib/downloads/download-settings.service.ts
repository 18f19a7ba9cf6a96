import { Injectable } from '@nestjs/common';
import type { DownloadSettings, UpdateDownloadSettingsRequest } from '@soulspot/shared/contracts';
import { EventBus } from '@soulspot/api/core';
import { SettingsRepository } from '@soulspot/api/platform';

const SECTION = 'downloads';
/** The whole-queue pause lives beside the settings but is not one: the UI toggles it from the downloads page. */
const QUEUE_SECTION = 'downloads_queue';

export const DEFAULT_DOWNLOAD_SETTINGS: DownloadSettings = {
  maxActive: 4,
  maxPerUser: 2,
  maxSearching: 6,
  maxAttempts: 8,
  enqueueTimeoutSeconds: 180,
  remoteQueueTimeoutMinutes: 30,
  stallTimeoutSeconds: 120,
  maxAttemptMinutes: 120,
  retryBaseSeconds: 30,
  autoBlockAfterFailures: 5,
  autoBlockDays: 30,
  verifyDecode: true,
};

/** The `downloads` settings section: limits, timers and back-off of the download engine. */
@Injectable()
export class DownloadSettingsService {
  constructor(
    private readonly repo: SettingsRepository,
    private readonly events: EventBus,
  ) {}

  async get(): Promise<DownloadSettings> {
    const stored = ((await this.repo.get(SECTION)) ?? {}) as Partial<DownloadSettings>;
    const out = { ...DEFAULT_DOWNLOAD_SETTINGS };
    for (const key of Object.keys(DEFAULT_DOWNLOAD_SETTINGS) as (keyof DownloadSettings)[]) {
      const v = stored[key];
      if (v !== undefined && v !== null && typeof v === typeof DEFAULT_DOWNLOAD_SETTINGS[key]) (out as Record<string, unknown>)[key] = v;
    }
    return out;
  }

  async update(req: UpdateDownloadSettingsRequest): Promise<DownloadSettings> {
    const next = { ...(await this.get()) };
    for (const key of Object.keys(DEFAULT_DOWNLOAD_SETTINGS) as (keyof DownloadSettings)[]) {
      if (req[key] !== undefined) (next as Record<string, unknown>)[key] = req[key];
    }
    await this.repo.put(SECTION, { ...next });
    await this.events.publish({ type: 'settings.updated', payload: { section: SECTION } });
    return next;
  }

  async queuePaused(): Promise<boolean> {
    return ((await this.repo.get(QUEUE_SECTION)) as { paused?: boolean } | null)?.paused === true;
  }

  async setQueuePaused(paused: boolean): Promise<void> {
    await this.repo.put(QUEUE_SECTION, { paused });
  }
}
