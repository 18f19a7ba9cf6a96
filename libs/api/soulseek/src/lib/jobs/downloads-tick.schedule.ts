import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobName, JobQueue, QueueName } from '@soulspot/api/core';

/** Only enqueues: a downloads tick every 2 s, unless ticks are already waiting (a slow tick must not pile them up). */
@Injectable()
export class DownloadsTickSchedule {
  private readonly logger = new Logger(DownloadsTickSchedule.name);

  constructor(private readonly jobs: JobQueue) {}

  @Interval(2_000)
  async enqueueTick(): Promise<boolean> {
    try {
      const waiting = await this.jobs.queue(QueueName.Downloads).getWaitingCount();
      if (waiting > 2) return false;
      await this.jobs.enqueue({ name: JobName.DownloadsTick, data: { reason: 'schedule' } }, { removeOnComplete: true, removeOnFail: 100, attempts: 1 });
      return true;
    } catch (e) {
      this.logger.warn(`could not enqueue a downloads tick: ${(e as Error).message}`);
      return false;
    }
  }
}
