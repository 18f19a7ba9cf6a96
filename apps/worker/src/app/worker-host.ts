import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig, JOB_PROCESSOR, JOB_QUEUE, JobHandler, JobName, QUEUE_DEFAULTS, QueueName, REDIS, createRedis, runWithCorrelation } from '@soulspot/api/core';
import { JobOutcomeStore } from '@soulspot/api/platform';

/**
 * Runs one BullMQ worker per queue and dispatches jobs to their handlers. On shutdown it stops
 * taking jobs and waits for the running ones; a job cut off by a crash is picked up again by
 * BullMQ's stalled-job check, which is why every handler is idempotent.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<JobName, JobHandler>();
  private connection?: Redis;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly outcomes: JobOutcomeStore,
  ) {}

  /** Finds every @JobProcessor provider; two handlers for one job name is a wiring bug. */
  private discoverHandlers(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as JobHandler | undefined;
      if (!instance || !wrapper.metatype) continue;
      const name = this.reflector.get<JobName | undefined>(JOB_PROCESSOR, wrapper.metatype);
      if (!name) continue;
      if (this.handlers.has(name)) throw new Error(`two processors for job "${name}"`);
      this.handlers.set(name, instance);
    }
    const missing = Object.values(JobName).filter((n) => !this.handlers.has(n));
    // A job without a processor fails permanently with a clear reason instead of blocking start-up.
    if (missing.length) this.logger.error(`no processor registered for job(s): ${missing.join(', ')}`);
  }

  onApplicationBootstrap(): void {
    this.discoverHandlers();
    // Workers block on Redis, so they get their own connection instead of sharing the command one.
    this.connection = createRedis(this.config.redisUrl, { connectionName: 'soulspot-worker-bullmq' });
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job) => this.process(queue, job), {
        connection: this.connection,
        prefix: this.config.redisPrefix,
        concurrency: QUEUE_DEFAULTS[queue].concurrency,
      });
      worker.on('error', (e) => this.logger.error(`queue ${queue}: ${e.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`processing queues: ${Object.values(QueueName).join(', ')}`);
  }

  private async process(queue: QueueName, job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler || JOB_QUEUE[job.name as JobName] !== queue) throw new UnrecoverableError(`no processor for job "${job.name}" on queue ${queue}`);
    return runWithCorrelation({ correlationId: `job-${job.id}`, fields: { queue, jobId: job.id ?? '?' } }, async () => {
      const t0 = Date.now();
      this.logger.log(`start ${job.name} (attempt ${job.attemptsMade + 1})`);
      try {
        const result = await handler.handle(job.data as never, job);
        this.logger.log(`done ${job.name} in ${Date.now() - t0} ms`);
        await this.outcomes.record(queue, job.name, 'completed', Date.now() - t0).catch(() => undefined);
        return result;
      } catch (e) {
        if (e instanceof DelayedError) {
          // The handler parked the job itself (rate limit, budget): neither a failure nor a retry.
          this.logger.log(`parked ${job.name} until later after ${Date.now() - t0} ms`);
          throw e;
        }
        const willRetry = !(e instanceof UnrecoverableError) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
        this.logger.warn(`${willRetry ? 'retrying' : 'failed'} ${job.name} after ${Date.now() - t0} ms: ${(e as Error).message}`);
        await this.outcomes.record(queue, job.name, willRetry ? 'retried' : 'failed', Date.now() - t0).catch(() => undefined);
        throw e;
      }
    });
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`shutting down (${signal ?? 'close'}): waiting for running jobs`);
    await Promise.all(this.workers.map((w) => w.close()));
    await this.connection?.quit().catch(() => undefined);
  }
}
