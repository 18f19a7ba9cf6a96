import { Injectable } from '@nestjs/common';
import type { DownloadQueueStatus } from '@soulspot/shared/contracts';
import { EventBus } from '@soulspot/api/core';
import type { DownloadEntity } from '../entities/download.entity';
import { toDownload } from './download.mapper';

/** At most one progress-only `download.updated` per row and second; state changes always go out. */
const PROGRESS_INTERVAL_MS = 1_000;

/** Publishes the engine's live events (`download.updated`, `download.removed`, `downloads.status`). */
@Injectable()
export class DownloadEvents {
  private readonly lastProgress = new Map<string, number>();
  private lastStatus = '';

  constructor(private readonly events: EventBus) {}

  async updated(row: DownloadEntity, progressOnly = false): Promise<void> {
    const now = Date.now();
    if (progressOnly && now - (this.lastProgress.get(row.id) ?? 0) < PROGRESS_INTERVAL_MS) return;
    this.lastProgress.set(row.id, now);
    if (this.lastProgress.size > 10_000) this.lastProgress.clear();
    await this.events.publish({ type: 'download.updated', payload: toDownload(row) });
  }

  async removed(ids: string[]): Promise<void> {
    for (const id of ids) {
      this.lastProgress.delete(id);
      await this.events.publish({ type: 'download.removed', payload: { id } });
    }
  }

  /** Publishes the queue status when it differs from the last one this process sent (or when forced). */
  async status(status: DownloadQueueStatus, force = false): Promise<void> {
    const key = JSON.stringify(status);
    if (!force && key === this.lastStatus) return;
    this.lastStatus = key;
    await this.events.publish({ type: 'downloads.status', payload: status });
  }
}
