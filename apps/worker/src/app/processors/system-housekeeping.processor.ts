import { Injectable } from '@nestjs/common';
import { JobName } from '@soulspot/api/core';
import { AuthService, SelfCheckService } from '@soulspot/api/platform';
import { JobHandler } from '../job-handler';

@Injectable()
export class SystemHousekeepingProcessor implements JobHandler<JobName.SystemHousekeeping> {
  readonly name = JobName.SystemHousekeeping;
  constructor(
    private readonly auth: AuthService,
    private readonly selfCheck: SelfCheckService,
  ) {}

  async handle(): Promise<{ sessions: number; selfChecks: number }> {
    return { sessions: await this.auth.purgeExpiredSessions(), selfChecks: await this.selfCheck.purgeOlderThan(30) };
  }
}
