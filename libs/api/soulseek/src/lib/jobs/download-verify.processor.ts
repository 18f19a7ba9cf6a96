import { Injectable } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { DownloadEngine } from '../downloads/download-engine';

/** Waits this short are taken in the job; longer ones park it in BullMQ's delayed set. */
const INLINE_WAIT_MS = 2_000;
const MAX_INLINE_WAITS = 10;

/** Verifies a landed file; while slskd has not moved it into place yet the job waits and asks again. */
@Injectable()
@JobProcessor(JobName.DownloadVerify)
export class DownloadVerifyProcessor implements JobHandler<JobName.DownloadVerify> {
  constructor(private readonly engine: DownloadEngine) {}

  async handle(data: JobOf<JobName.DownloadVerify>, job: Job): Promise<unknown> {
    for (let waits = 0; ; waits++) {
      let result: Awaited<ReturnType<DownloadEngine['verify']>>;
      try {
        result = await this.engine.verify(data.downloadId, data.attemptId);
      } catch (e) {
        // Out of retries: settle the attempt so the row does not sit in `verifying` for ever.
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.engine.verificationCrashed(data.downloadId, data.attemptId, (e as Error).message);
        throw e;
      }
      if (result.retryAfterMs === undefined) return result;
      if (result.retryAfterMs <= INLINE_WAIT_MS && waits < MAX_INLINE_WAITS) {
        await new Promise((r) => setTimeout(r, result.retryAfterMs));
        continue;
      }
      await job.moveToDelayed(Date.now() + result.retryAfterMs, job.token);
      throw new DelayedError();
    }
  }
}
