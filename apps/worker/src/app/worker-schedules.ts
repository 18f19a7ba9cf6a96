import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Cron, CronExpression, Interval } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig, EventBus, JobName, JobQueue } from '@soulspot/api/core';
import { WorkerHeartbeatStore } from '@soulspot/api/platform';

/** Schedules only enqueue or publish; the work itself runs as jobs. */
@Injectable()
export class WorkerSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerSchedules.name);
  private lastCounts = '';

  constructor(
    private readonly heartbeat: WorkerHeartbeatStore,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
  }

  @Interval(WorkerHeartbeatStore.INTERVAL_MS)
  async beat(): Promise<void> {
    try {
      const at = new Date().toISOString();
      await this.heartbeat.beat({ at, pid: process.pid, version: this.config.version });
      await this.events.publish({ type: 'worker.heartbeat', payload: { at, pid: process.pid } });
    } catch (e) {
      this.logger.warn(`heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** Pushes queue counts to the UI when they change, so the System page needs no polling. */
  @Interval(2_000)
  async publishQueueCounts(): Promise<void> {
    try {
      const counts = await this.jobs.counts();
      const key = JSON.stringify(counts);
      if (key === this.lastCounts) return;
      this.lastCounts = key;
      await this.events.publish({ type: 'queues.updated', payload: counts });
    } catch (e) {
      this.logger.warn(`queue counts failed: ${(e as Error).message}`);
    }
  }

  @Cron(CronExpression.EVERY_HOUR)
  async housekeeping(): Promise<void> {
    await this.jobs.enqueue({ name: JobName.SystemHousekeeping, data: {} });
  }

  async onApplicationShutdown(): Promise<void> {
    // Let the api see at once that this worker is gone instead of waiting for the key to expire.
    await this.heartbeat.clear().catch(() => undefined);
  }
}
