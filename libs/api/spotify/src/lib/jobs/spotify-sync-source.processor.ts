import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { SpotifyError } from '../clients/spotify.errors';
import { SourceSyncService } from '../sources-sync/source-sync.service';

/**
 * Thin: the service re-reads the source (gone → done) and records the outcome on it. Here only the
 * retry policy: Retry-After / quota → the job is moved to delayed until then (no sleeping, no attempt
 * spent); a revoked grant, an unreadable playlist or a missing connection → permanent failure;
 * 5xx / network → thrown, so the queue's exponential backoff applies.
 */
@Injectable()
@JobProcessor(JobName.SpotifySyncSource)
export class SpotifySyncSourceProcessor implements JobHandler<JobName.SpotifySyncSource> {
  private readonly logger = new Logger(SpotifySyncSourceProcessor.name);

  constructor(private readonly sync: SourceSyncService) {}

  async handle(data: JobOf<JobName.SpotifySyncSource>, job: Pick<Job, 'moveToDelayed' | 'token' | 'id'>): Promise<unknown> {
    try {
      return await this.sync.sync(data.sourceId);
    } catch (e) {
      if (e instanceof SpotifyError && (e.code === 'rate_limited' || e.code === 'quota_exceeded')) {
        const delayMs = e.retryAfterMs ?? 5_000;
        this.logger.warn(`source ${data.sourceId}: ${e.code}, retrying in ${Math.ceil(delayMs / 1000)} s`);
        await job.moveToDelayed(Date.now() + delayMs, job.token);
        throw new DelayedError();
      }
      if (e instanceof SpotifyError && e.retryable) throw e;
      throw new UnrecoverableError((e as Error).message);
    }
  }
}
