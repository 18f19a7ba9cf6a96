import { Injectable } from '@nestjs/common';
import { JobName, JobOf } from '@soulspot/api/core';
import { SelfCheckService } from '@soulspot/api/platform';
import { JobHandler } from '../job-handler';

@Injectable()
export class SystemSelfCheckProcessor implements JobHandler<JobName.SystemSelfCheck> {
  readonly name = JobName.SystemSelfCheck;
  constructor(private readonly selfCheck: SelfCheckService) {}

  handle(data: JobOf<JobName.SystemSelfCheck>): Promise<unknown> {
    return this.selfCheck.run(data.runId);
  }
}
