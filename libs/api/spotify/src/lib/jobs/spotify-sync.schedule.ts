import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JOB_QUEUE, JobName, JobQueue } from '@soulspot/api/core';
import { WantedTracksRepository } from '@soulspot/api/library';
import { SourceSyncService } from '../sources-sync/source-sync.service';

/** Only enqueues: every minute, sources whose sync interval has elapsed get a sync job. */
@Injectable()
export class SpotifySyncSchedule {
  private readonly logger = new Logger(SpotifySyncSchedule.name);
  /** Sources seen "queued"/"running" without a job at the previous check (two checks in a row = lost). */
  private suspects = new Set<string>();

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
      await this.recoverLost();
      return due.length;
    } catch (e) {
      this.logger.warn(`scheduled sync failed to enqueue: ${(e as Error).message}`);
      return 0;
    }
  }

  /**
   * A source marked queued/running whose job is gone (Redis restarted without persistence, a flush) would
   * never be due again. Sync jobs have no fixed id, so the queue's unfinished jobs are listed; a source
   * missing there at two checks in a row (so an enqueue in flight is never mistaken for a loss) gets a new job.
   */
  async recoverLost(): Promise<string[]> {
    const marked = await this.repo.sourcesInProgress(SourceSyncService.SPOTIFY_KINDS);
    if (!marked.length) {
      this.suspects.clear();
      return [];
    }
    const queue = this.jobs.queue(JOB_QUEUE[JobName.SpotifySyncSource]);
    const pending = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'], 0, 5_000);
    const withJob = new Set(pending.map((j) => (j?.data as { sourceId?: string } | undefined)?.sourceId).filter((id): id is string => !!id));
    const missing = marked.filter((id) => !withJob.has(id));
    const lost = missing.filter((id) => this.suspects.has(id));
    this.suspects = new Set(missing.filter((id) => !lost.includes(id)));
    for (const sourceId of lost) {
      await this.repo.updateSource(sourceId, { lastSyncStatus: 'queued' });
      await this.jobs.enqueue({ name: JobName.SpotifySyncSource, data: { sourceId } });
    }
    if (lost.length) this.logger.warn(`re-queued ${lost.length} source sync(s) whose job was lost`);
    return lost;
  }
}
