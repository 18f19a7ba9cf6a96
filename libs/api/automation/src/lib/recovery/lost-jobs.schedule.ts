import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { LostJobsService } from './lost-jobs.service';

/** Every minute: put back the jobs Redis lost (see LostJobsService). */
@Injectable()
export class LostJobsSchedule {
  private readonly logger = new Logger(LostJobsSchedule.name);

  constructor(private readonly recovery: LostJobsService) {}

  @Interval(60_000)
  async run(): Promise<void> {
    try {
      await this.recovery.recover();
    } catch (e) {
      this.logger.warn(`lost-job check failed: ${(e as Error).message}`);
    }
  }
}
