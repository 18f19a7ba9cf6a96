import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobName, JobOf } from './job-catalogue';

export const JOB_PROCESSOR = 'soulspot:job-processor';

/**
 * Marks a provider as the handler of one job name. Feature libs register their processors only in
 * their `forWorker()` module; the worker host discovers them, so processors run only in the worker.
 */
export const JobProcessor = (name: JobName) => SetMetadata(JOB_PROCESSOR, name);

/** Thin: re-read the row by id, call a service, throw to retry, UnrecoverableError for permanent failures. */
export interface JobHandler<N extends JobName = JobName> {
  handle(data: JobOf<N>, job: Job): Promise<unknown>;
}
