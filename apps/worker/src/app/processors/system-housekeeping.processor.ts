import { Injectable } from '@nestjs/common';
import { JobHandler, JobName, JobProcessor } from '@soulspot/api/core';
import { AuthService, SelfCheckService } from '@soulspot/api/platform';

@Injectable()
@JobProcessor(JobName.SystemHousekeeping)
export class SystemHousekeepingProcessor implements JobHandler<JobName.SystemHousekeeping> {
  constructor(
    private readonly auth: AuthService,
    private readonly selfCheck: SelfCheckService,
  ) {}

  async handle(): Promise<{ sessions: number; selfChecks: number }> {
    return { sessions: await this.auth.purgeExpiredSessions(), selfChecks: await this.selfCheck.purgeOlderThan(30) };
  }
}
