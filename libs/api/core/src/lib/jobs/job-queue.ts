import { Injectable, Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import { JobType, JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobState, Page, QueueCounts, QueueJobSummary } from '@soulspot/shared/contracts';
import { JOB_QUEUE, JobItem, QUEUE_DEFAULTS, QueueName, jobEntityId, jobId } from './job-catalogue';

const LISTABLE_STATES: JobState[] = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized'];

/** The only producer-side door to BullMQ: typed enqueue plus the admin operations of the Queues page. */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      const d = QUEUE_DEFAULTS[name];
      q = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: d.attempts,
          backoff: { type: 'exponential', delay: d.backoffMs },
          removeOnComplete: { count: d.keepCompleted },
          removeOnFail: { count: d.keepFailed },
        },
      });
      this.queues.set(name, q);
    }
    return q;
  }

  queueNames(): QueueName[] {
    return Object.values(QueueName);
  }

  async enqueue(item: JobItem, opts: Omit<JobsOptions, 'jobId'> = {}): Promise<string> {
    const entity = jobEntityId(item);
    const job = await this.queue(JOB_QUEUE[item.name]).add(item.name, item.data, {
      ...opts,
      ...(entity ? { jobId: jobId(item.name, entity) } : {}),
    });
    this.logger.debug(`enqueued ${item.name} as ${job.id}`);
    return job.id ?? '';
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      this.queueNames().map(async (name) => {
        const q = this.queue(name);
        const [c, paused] = await Promise.all([q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'), q.isPaused()]);
        return {
          name,
          paused,
          waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0),
          active: c['active'] ?? 0,
          delayed: c['delayed'] ?? 0,
          failed: c['failed'] ?? 0,
          completed: c['completed'] ?? 0,
        };
      }),
    );
  }

  async listJobs(name: string, state: JobState, page: number, pageSize: number): Promise<Page<QueueJobSummary>> {
    const q = this.queue(this.requireQueue(name));
    // A paused queue keeps its jobs in 'wait' in BullMQ 6, so 'paused' lists the waiting jobs.
    const states: JobType[] = state === 'waiting' || state === 'paused' ? ['waiting', 'prioritized'] : [state];
    const start = (page - 1) * pageSize;
    const [jobs, counts] = await Promise.all([q.getJobs(states, start, start + pageSize - 1, state !== 'completed' && state !== 'failed'), q.getJobCounts(...states)]);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const items = await Promise.all(
      jobs.filter(Boolean).map(async (j) => ({
        id: j.id ?? '',
        name: j.name,
        state: ((await j.getState()) as JobState | 'unknown') ?? 'unknown',
        attemptsMade: j.attemptsMade,
        createdAt: new Date(j.timestamp).toISOString(),
        processedAt: j.processedOn ? new Date(j.processedOn).toISOString() : null,
        finishedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        failedReason: j.failedReason || null,
        data: (j.data ?? {}) as Record<string, unknown>,
      })),
    );
    return { items, total, page, pageSize };
  }

  async retry(name: string, id: string): Promise<void> {
    const job = await this.queue(this.requireQueue(name)).getJob(id);
    if (!job) throw new NotFoundException(`job ${id} not found in queue ${name}`);
    await job.retry();
  }

  async remove(name: string, id: string): Promise<void> {
    const job = await this.queue(this.requireQueue(name)).getJob(id);
    if (!job) throw new NotFoundException(`job ${id} not found in queue ${name}`);
    await job.remove();
  }

  async pause(name: string): Promise<void> {
    await this.queue(this.requireQueue(name)).pause();
  }

  async resume(name: string): Promise<void> {
    await this.queue(this.requireQueue(name)).resume();
  }

  static isListableState(state: string): state is JobState {
    return (LISTABLE_STATES as string[]).includes(state);
  }

  private requireQueue(name: string): QueueName {
    if (!(Object.values(QueueName) as string[]).includes(name)) throw new NotFoundException(`unknown queue "${name}"`);
    return name as QueueName;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
