import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { DownloadHandOverService, HandOverOutcome } from '../hand-over/download-hand-over.service';

/** "A download was verified" → an import of its file (the import pipeline takes it from there). */
@Injectable()
@JobProcessor(JobName.DownloadVerified)
export class DownloadVerifiedProcessor implements JobHandler<JobName.DownloadVerified> {
  constructor(private readonly handOver: DownloadHandOverService) {}

  async handle(data: JobOf<JobName.DownloadVerified>): Promise<HandOverOutcome> {
    const result = await this.handOver.handOver(data.downloadId);
    // Retrying cannot make a file appear: fail for good with the reason (the Queues page shows it).
    if (result.outcome === 'no_file') throw new UnrecoverableError(result.reason);
    return result;
  }
}
