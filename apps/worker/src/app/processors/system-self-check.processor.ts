import { Injectable } from '@nestjs/common';
import { JobHandler, JobName, JobOf, JobProcessor } from '@soulspot/api/core';
import { SelfCheckService } from '@soulspot/api/platform';

@Injectable()
@JobProcessor(JobName.SystemSelfCheck)
export class SystemSelfCheckProcessor implements JobHandler<JobName.SystemSelfCheck> {
  constructor(private readonly selfCheck: SelfCheckService) {}

  handle(data: JobOf<JobName.SystemSelfCheck>): Promise<unknown> {
    return this.selfCheck.run(data.runId);
  }
}
