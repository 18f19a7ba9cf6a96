import type { Job } from 'bullmq';
import type { JobName, JobOf } from '@soulspot/api/core';

/** One handler per job name. Handlers are thin: re-read the row by id, call a service, throw to retry. */
export interface JobHandler<N extends JobName = JobName> {
  readonly name: N;
  handle(data: JobOf<N>, job: Job): Promise<unknown>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
