import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobName, JobQueue } from '@soulspot/api/core';
import { WantedTracksRepository } from '@soulspot/api/library';
import { SourceSyncService } from '../sources-sync/source-sync.service';

/** Only enqueues: every minute, sources whose sync interval has elapsed get a sync job. */
@Injectable()
export class SpotifySyncSchedule {
  private readonly logger = new Logger(SpotifySyncSchedule.name);

  constructor(
    private readonly repo: WantedTracksRepository,
    private readonly jobs: JobQueue,
  ) {}

  @Interval(60_000)
  async enqueueDue(): Promise<number> {
    try {
      const due = await this.repo.dueSources(SourceSyncService.SPOTIFY_KINDS);
      for (const sourceId of due) {
        await this.repo.updateSource(sourceId, { lastSyncStatus: 'queued' });
        await this.jobs.enqueue({ name: JobName.SpotifySyncSource, data: { sourceId } });
      }
      if (due.length) this.logger.log(`queued ${due.length} scheduled source sync(s)`);
      return due.length;
    } catch (e) {
      this.logger.warn(`scheduled sync failed to enqueue: ${(e as Error).message}`);
      return 0;
    }
  }
}
