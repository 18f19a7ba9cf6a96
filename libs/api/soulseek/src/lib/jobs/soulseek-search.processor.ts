import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { isSlskdError } from '../clients/slskd.errors';
import { SearchGateWait } from '../search/search-gate';
import { SlskdNotConfiguredException } from '../settings/slskd-settings.service';
import { SoulseekSearchService } from '../soulseek-search.service';

/** Waits this short are taken in the job; longer ones park the job in BullMQ's delayed set. */
const INLINE_WAIT_MS = 2_500;
const MAX_INLINE_WAITS = 40;

@Injectable()
@JobProcessor(JobName.SoulseekSearch)
export class SoulseekSearchProcessor implements JobHandler<JobName.SoulseekSearch> {
  private readonly logger = new Logger(SoulseekSearchProcessor.name);

  constructor(private readonly searches: SoulseekSearchService) {}

  async handle(data: JobOf<JobName.SoulseekSearch>, job: Job): Promise<unknown> {
    for (let waits = 0; ; waits++) {
      try {
        return await this.searches.run(data.searchId);
      } catch (e) {
        if (e instanceof SearchGateWait) {
          if (e.waitMs <= INLINE_WAIT_MS && waits < MAX_INLINE_WAITS) {
            await new Promise((r) => setTimeout(r, e.waitMs));
            continue;
          }
          // The budget or a 429 says "later": park the job without using up an attempt.
          this.logger.log(`search ${data.searchId} waits ${e.waitMs} ms for the search gate (${e.why})`);
          await job.moveToDelayed(Date.now() + e.waitMs, job.token);
          throw new DelayedError();
        }
        const final = !this.retryable(e) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await this.searches.markError(data.searchId, this.describe(e), final);
        if (!this.retryable(e)) throw new UnrecoverableError((e as Error).message);
        throw e;
      }
    }
  }

  private retryable(e: unknown): boolean {
    if (e instanceof SlskdNotConfiguredException) return false;
    return isSlskdError(e) ? e.retryable : true;
  }

  private describe(e: unknown): string {
    if (e instanceof SlskdNotConfiguredException) return e.message;
    if (isSlskdError(e, 'unreachable') || isSlskdError(e, 'timeout')) return `slskd is unreachable (${e.message}); retrying with back-off`;
    if (isSlskdError(e, 'unauthorized')) return 'slskd rejected the API key; fix it under Settings → Soulseek';
    if (isSlskdError(e, 'conflict')) return `slskd is not logged in to Soulseek (${e.message}); retrying with back-off`;
    return (e as Error).message;
  }
}
