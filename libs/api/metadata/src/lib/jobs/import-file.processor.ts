import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { ImportsService } from '../import/imports.service';

@Injectable()
@JobProcessor(JobName.ImportFile)
export class ImportFileProcessor implements JobHandler<JobName.ImportFile> {
  constructor(private readonly imports: ImportsService) {}

  async handle(data: JobOf<JobName.ImportFile>, job: Job): Promise<unknown> {
    try {
      // File problems end as a failed row (no retry); only unexpected errors reach the catch.
      return await this.imports.process(data.importId);
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      await this.imports.recordAttemptError(data.importId, error, job.attemptsMade + 1 < attempts);
      throw error;
    }
  }
}
